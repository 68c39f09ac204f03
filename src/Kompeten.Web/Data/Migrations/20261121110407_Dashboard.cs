using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Kompeten.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Dashboard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "budget_allocations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    province_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    funding_source = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    menu = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budget_allocations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "certification_targets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    year = table.Column<int>(type: "integer", nullable: false),
                    region_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    value = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certification_targets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cost_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    province_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    fee_per_candidate = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    cost_per_workshop_participant = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cost_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "quota_allocations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    region_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    basis = table.Column<string>(type: "text", nullable: false),
                    applied = table.Column<bool>(type: "boolean", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quota_allocations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "quota_allocation_lines",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    allocation_id = table.Column<int>(type: "integer", nullable: false),
                    region_code = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    seats = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quota_allocation_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_quota_allocation_lines_quota_allocations_allocation_id",
                        column: x => x.allocation_id,
                        principalTable: "quota_allocations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_budget_allocations_province_code_year_funding_source",
                table: "budget_allocations",
                columns: new[] { "province_code", "year", "funding_source" });

            migrationBuilder.CreateIndex(
                name: "ix_certification_targets_region_code_year",
                table: "certification_targets",
                columns: new[] { "region_code", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cost_settings_province_code_year",
                table: "cost_settings",
                columns: new[] { "province_code", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_quota_allocation_lines_allocation_id_region_code",
                table: "quota_allocation_lines",
                columns: new[] { "allocation_id", "region_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_quota_allocations_region_code_created_at",
                table: "quota_allocations",
                columns: new[] { "region_code", "created_at" });
        
            // Maintained aggregates the dashboard reads (triggers, filled from existing data): see Features/Dashboard/DashboardFacts.cs.
            migrationBuilder.Sql(Features.Dashboard.DashboardFacts.Install);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Features.Dashboard.DashboardFacts.Uninstall);

            migrationBuilder.DropTable(
                name: "budget_allocations");

            migrationBuilder.DropTable(
                name: "certification_targets");

            migrationBuilder.DropTable(
                name: "cost_settings");

            migrationBuilder.DropTable(
                name: "quota_allocation_lines");

            migrationBuilder.DropTable(
                name: "quota_allocations");
        }
    }
}
