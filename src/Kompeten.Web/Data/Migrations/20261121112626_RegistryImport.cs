using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kompeten.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistryImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "import_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    user_name = table.Column<string>(type: "text", nullable: false),
                    scope_level = table.Column<int>(type: "integer", nullable: false),
                    scope_region = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: true),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    file_size = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    phase = table.Column<string>(type: "text", nullable: true),
                    processed_rows = table.Column<int>(type: "integer", nullable: false),
                    expected_rows = table.Column<int>(type: "integer", nullable: false),
                    total_rows = table.Column<int>(type: "integer", nullable: false),
                    new_rows = table.Column<int>(type: "integer", nullable: false),
                    update_rows = table.Column<int>(type: "integer", nullable: false),
                    unchanged_rows = table.Column<int>(type: "integer", nullable: false),
                    error_rows = table.Column<int>(type: "integer", nullable: false),
                    message = table.Column<string>(type: "text", nullable: true),
                    headers = table.Column<string[]>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    validated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_rows",
                columns: table => new
                {
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    outcome = table.Column<short>(type: "smallint", nullable: false),
                    person_id = table.Column<int>(type: "integer", nullable: true),
                    person_version = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    nik_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    nik_masked = table.Column<string>(type: "text", nullable: true),
                    full_name = table.Column<string>(type: "text", nullable: true),
                    regency_code = table.Column<string>(type: "text", nullable: true),
                    errors = table.Column<string[]>(type: "text[]", nullable: true),
                    cells = table.Column<string>(type: "jsonb", nullable: true),
                    nik_typed_cipher = table.Column<string>(type: "text", nullable: true),
                    person_values = table.Column<string>(type: "jsonb", nullable: true),
                    changes = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_rows", x => new { x.session_id, x.number });
                    table.ForeignKey(
                        name: "fk_import_rows_import_session_session_id",
                        column: x => x.session_id,
                        principalTable: "import_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_import_rows_session_id_outcome_number",
                table: "import_rows",
                columns: new[] { "session_id", "outcome", "number" });

            migrationBuilder.CreateIndex(
                name: "ix_import_sessions_status_created_at",
                table: "import_sessions",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_import_sessions_user_id_created_at",
                table: "import_sessions",
                columns: new[] { "user_id", "created_at" });

            // Likely-duplicate check (same name and birth date, any capitalisation) stays an index lookup.
            migrationBuilder.Sql("CREATE INDEX ix_people_birth_date_upper_full_name ON people (birth_date, upper(full_name));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_people_birth_date_upper_full_name;");

            migrationBuilder.DropTable(
                name: "import_rows");

            migrationBuilder.DropTable(
                name: "import_sessions");
        }
    }
}
