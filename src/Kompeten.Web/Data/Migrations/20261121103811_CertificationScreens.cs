using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Kompeten.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CertificationScreens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "application_id",
                table: "certificates",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "assessment_outcomes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    application_id = table.Column<int>(type: "integer", nullable: false),
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    competent = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessment_outcomes", x => x.id);
                    table.ForeignKey(
                        name: "fk_assessment_outcomes_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_assessment_outcomes_assessment_events_event_id",
                        column: x => x.event_id,
                        principalTable: "assessment_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_records",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    organizer = table.Column<string>(type: "text", nullable: true),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    competency_based = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_records_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_certificates_application_id",
                table: "certificates",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_assessment_outcomes_application_id_attempt",
                table: "assessment_outcomes",
                columns: new[] { "application_id", "attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_assessment_outcomes_event_id",
                table: "assessment_outcomes",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_records_person_id",
                table: "training_records",
                column: "person_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assessment_outcomes");

            migrationBuilder.DropTable(
                name: "training_records");

            migrationBuilder.DropIndex(
                name: "ix_certificates_application_id",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "application_id",
                table: "certificates");
        }
    }
}
