using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kompeten.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ImportRowsReservedIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "duplicate_of",
                table: "import_rows",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_import_rows_session_id_duplicates",
                table: "import_rows",
                column: "session_id",
                filter: "duplicate_of IS NOT NULL");

            // Previews checked before this change have new rows without a reserved id or audit
            // changes, which the new apply needs: they are withdrawn (their rows hold personal data
            // that is no longer needed) with a message asking for the file again.
            migrationBuilder.Sql("""
                UPDATE import_sessions s
                SET status = 7, phase = NULL,
                    message = 'Pratinjau ini dibuat oleh versi Kompeten sebelumnya dan tidak dapat diterapkan. Unggah ulang berkasnya untuk diperiksa lagi; tidak ada data yang disimpan.'
                WHERE s.status IN (2, 3)
                  AND EXISTS (SELECT 1 FROM import_rows r WHERE r.session_id = s.id AND r.outcome = 1 AND r.person_id IS NULL);
                DELETE FROM import_rows r USING import_sessions s WHERE r.session_id = s.id AND s.status = 7;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_import_rows_session_id_duplicates",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "duplicate_of",
                table: "import_rows");
        }
    }
}
