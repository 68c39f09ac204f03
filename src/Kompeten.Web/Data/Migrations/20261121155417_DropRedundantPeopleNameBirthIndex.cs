using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kompeten.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DropRedundantPeopleNameBirthIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // (full_name, birth_date) serves nothing (full_name, id) and (birth_date, upper(full_name))
            // do not, and costs every insert: 0.14 s of a 100,000-row import.
            migrationBuilder.DropIndex(
                name: "ix_people_full_name_birth_date",
                table: "people");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_people_full_name_birth_date",
                table: "people",
                columns: new[] { "full_name", "birth_date" });
        }
    }
}
