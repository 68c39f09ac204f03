using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Kompeten.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Training : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "programmes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    purpose = table.Column<string>(type: "text", nullable: true),
                    background = table.Column<string>(type: "text", nullable: true),
                    funding = table.Column<int>(type: "integer", nullable: false),
                    funding_menu = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    qualifies_as_training_certificate = table.Column<bool>(type: "boolean", nullable: false),
                    province_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programmes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "batches",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    programme_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    province_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    venue = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    lesson_hours = table.Column<int>(type: "integer", nullable: false),
                    registration_opens_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    registration_closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    nomination_deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attendance_rule_percent = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    pool_label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    pool_seats = table.Column<int>(type: "integer", nullable: false),
                    pool_taken = table.Column<int>(type: "integer", nullable: false),
                    seats_taken = table.Column<int>(type: "integer", nullable: false),
                    quotas_released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    signer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    signer_nip = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    signer_title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_batches", x => x.id);
                    table.CheckConstraint("ck_batches_attendance_rule", "attendance_rule_percent BETWEEN 0 AND 100");
                    table.CheckConstraint("ck_batches_pool", "pool_taken >= 0 AND pool_taken <= pool_seats");
                    table.CheckConstraint("ck_batches_seats", "seats_taken >= 0 AND seats_taken <= capacity");
                    table.ForeignKey(
                        name: "fk_batches_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "budget_lines",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    programme_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    item = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    volume = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    unit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    unit_cost = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: false),
                    total = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false, computedColumnSql: "volume * unit_cost", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budget_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_budget_lines_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "batch_quotas",
                columns: table => new
                {
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    regency_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    seats = table.Column<int>(type: "integer", nullable: false),
                    taken = table.Column<int>(type: "integer", nullable: false),
                    released = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_batch_quotas", x => new { x.batch_id, x.regency_code });
                    table.CheckConstraint("ck_batch_quotas_taken", "taken >= 0 AND taken <= seats");
                    table.ForeignKey(
                        name: "fk_batch_quotas_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_batch_quotas_regions_regency_code",
                        column: x => x.regency_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "participants",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    person_id = table.Column<int>(type: "integer", nullable: false),
                    regency_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    province_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    source = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    seat_regency_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: true),
                    qr_token = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_participants", x => x.id);
                    table.ForeignKey(
                        name: "fk_participants_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_participants_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    speaker = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    start_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    end_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    lesson_hours = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sessions_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "test_questions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    option_a = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    option_b = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    option_c = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    option_d = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    correct = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_test_questions", x => x.id);
                    table.ForeignKey(
                        name: "fk_test_questions_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "waitlist_entries",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    person_id = table.Column<int>(type: "integer", nullable: false),
                    regency_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    province_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    source = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    sort_key = table.Column<long>(type: "bigint", nullable: false),
                    joined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    offered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    offer_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_waitlist_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_waitlist_entries_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_waitlist_entries_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "attendance_certificates",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    participant_id = table.Column<int>(type: "integer", nullable: false),
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    verification_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    issued_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attendance_certificates", x => x.id);
                    table.ForeignKey(
                        name: "fk_attendance_certificates_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_attendance_certificates_participants_participant_id",
                        column: x => x.participant_id,
                        principalTable: "participants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "test_submissions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    participant_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<int>(type: "integer", nullable: false),
                    score = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    answers = table.Column<string>(type: "jsonb", nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    entered_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_test_submissions", x => x.id);
                    table.CheckConstraint("ck_test_submissions_score", "score BETWEEN 0 AND 100");
                    table.ForeignKey(
                        name: "fk_test_submissions_participants_participant_id",
                        column: x => x.participant_id,
                        principalTable: "participants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attendance_scans",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    session_id = table.Column<int>(type: "integer", nullable: false),
                    participant_id = table.Column<int>(type: "integer", nullable: false),
                    idempotency_key = table.Column<Guid>(type: "uuid", nullable: false),
                    device_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    scanned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    method = table.Column<int>(type: "integer", nullable: false),
                    manual_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attendance_scans", x => x.id);
                    table.ForeignKey(
                        name: "fk_attendance_scans_participants_participant_id",
                        column: x => x.participant_id,
                        principalTable: "participants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_attendance_scans_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_attendance_certificates_batch_id_sequence",
                table: "attendance_certificates",
                columns: new[] { "batch_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendance_certificates_number",
                table: "attendance_certificates",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendance_certificates_participant_id",
                table: "attendance_certificates",
                column: "participant_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendance_certificates_verification_code",
                table: "attendance_certificates",
                column: "verification_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendance_scans_idempotency_key",
                table: "attendance_scans",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendance_scans_participant_id",
                table: "attendance_scans",
                column: "participant_id");

            migrationBuilder.CreateIndex(
                name: "ix_attendance_scans_session_id_participant_id",
                table: "attendance_scans",
                columns: new[] { "session_id", "participant_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_batch_quotas_regency_code",
                table: "batch_quotas",
                column: "regency_code");

            migrationBuilder.CreateIndex(
                name: "ix_batches_programme_id_number",
                table: "batches",
                columns: new[] { "programme_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_batches_province_code_start_date",
                table: "batches",
                columns: new[] { "province_code", "start_date" });

            migrationBuilder.CreateIndex(
                name: "ix_budget_lines_programme_id_kind_sort_order",
                table: "budget_lines",
                columns: new[] { "programme_id", "kind", "sort_order" });

            migrationBuilder.CreateIndex(
                name: "ix_participants_batch_id_regency_code_status",
                table: "participants",
                columns: new[] { "batch_id", "regency_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_participants_person_id",
                table: "participants",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_participants_qr_token",
                table: "participants",
                column: "qr_token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_participants_active_person",
                table: "participants",
                columns: new[] { "batch_id", "person_id" },
                unique: true,
                filter: "status IN (1, 2, 3)");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_province_code_year",
                table: "programmes",
                columns: new[] { "province_code", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_sessions_batch_id_sort_order",
                table: "sessions",
                columns: new[] { "batch_id", "sort_order" });

            migrationBuilder.CreateIndex(
                name: "ix_test_questions_batch_id_sort_order",
                table: "test_questions",
                columns: new[] { "batch_id", "sort_order" });

            migrationBuilder.CreateIndex(
                name: "ix_test_submissions_participant_id_kind",
                table: "test_submissions",
                columns: new[] { "participant_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_batch_id_status_sort_key_id",
                table: "waitlist_entries",
                columns: new[] { "batch_id", "status", "sort_key", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_person_id",
                table: "waitlist_entries",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_status_offer_expires_at",
                table: "waitlist_entries",
                columns: new[] { "status", "offer_expires_at" });

            migrationBuilder.CreateIndex(
                name: "ux_waitlist_entries_open_person",
                table: "waitlist_entries",
                columns: new[] { "batch_id", "person_id" },
                unique: true,
                filter: "status IN (1, 2)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attendance_certificates");

            migrationBuilder.DropTable(
                name: "attendance_scans");

            migrationBuilder.DropTable(
                name: "batch_quotas");

            migrationBuilder.DropTable(
                name: "budget_lines");

            migrationBuilder.DropTable(
                name: "test_questions");

            migrationBuilder.DropTable(
                name: "test_submissions");

            migrationBuilder.DropTable(
                name: "waitlist_entries");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "participants");

            migrationBuilder.DropTable(
                name: "batches");

            migrationBuilder.DropTable(
                name: "programmes");
        }
    }
}
