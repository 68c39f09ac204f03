using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kompeten.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ImportRowsTypedColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "birth_date",
                table: "import_rows",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "birth_place",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "diploma_name",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "education_field",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "education_level",
                table: "import_rows",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "email",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "employment_status_code",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "functional_level_code",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "library_id",
                table: "import_rows",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "library_science_education",
                table: "import_rows",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "library_work_start",
                table: "import_rows",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "nik_cipher",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "nip",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phone",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "province_code",
                table: "import_rows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "sex",
                table: "import_rows",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "staff_category_code",
                table: "import_rows",
                type: "text",
                nullable: true);

            // Rows checked before this migration and not yet applied: their person_values become the typed columns.
            migrationBuilder.Sql("""
                UPDATE import_rows r SET (nik_cipher, nip, full_name, diploma_name, sex, birth_place, birth_date, phone, email, education_level, education_field, library_science_education, staff_category_code, functional_level_code, employment_status_code, library_id, regency_code, province_code, library_work_start) =
                    (SELECT v.nik_cipher, v.nip, v.full_name, v.diploma_name, v.sex, v.birth_place, v.birth_date, v.phone, v.email, v.education_level, v.education_field, v.library_science_education, v.staff_category_code, v.functional_level_code, v.employment_status_code, v.library_id, v.regency_code, v.province_code, v.library_work_start FROM jsonb_populate_record(NULL::people, r.person_values) v)
                WHERE r.person_values IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "person_values",
                table: "import_rows");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "person_values",
                table: "import_rows",
                type: "jsonb",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE import_rows r SET person_values = (SELECT to_jsonb(x) FROM (SELECT r.nik_hash, r.nik_masked, r.nik_cipher, r.nip, r.full_name, r.diploma_name, r.sex, r.birth_place, r.birth_date, r.phone, r.email, r.education_level, r.education_field, r.library_science_education, r.staff_category_code, r.functional_level_code, r.employment_status_code, r.library_id, r.regency_code, r.province_code, r.library_work_start) x)
                WHERE r.outcome IN (1, 2);
                UPDATE import_rows r SET changes = jsonb_build_object('Nik', jsonb_build_array('(dilindungi)', '(dilindungi)'), 'NikMasked', jsonb_build_array(NULL, r.nik_masked), 'Nip', jsonb_build_array(NULL, r.nip), 'FullName', jsonb_build_array(NULL, r.full_name), 'DiplomaName', jsonb_build_array(NULL, r.diploma_name), 'Sex', jsonb_build_array(NULL, r.sex), 'BirthPlace', jsonb_build_array(NULL, r.birth_place), 'BirthDate', jsonb_build_array(NULL, r.birth_date), 'Phone', jsonb_build_array(NULL, r.phone), 'Email', jsonb_build_array(NULL, r.email), 'EducationLevel', jsonb_build_array(NULL, r.education_level), 'EducationField', jsonb_build_array(NULL, r.education_field), 'LibraryScienceEducation', jsonb_build_array(NULL, r.library_science_education), 'StaffCategoryCode', jsonb_build_array(NULL, r.staff_category_code), 'FunctionalLevelCode', jsonb_build_array(NULL, r.functional_level_code), 'EmploymentStatusCode', jsonb_build_array(NULL, r.employment_status_code), 'LibraryId', jsonb_build_array(NULL, r.library_id), 'RegencyCode', jsonb_build_array(NULL, r.regency_code), 'ProvinceCode', jsonb_build_array(NULL, r.province_code), 'LibraryWorkStart', jsonb_build_array(NULL, r.library_work_start))
                WHERE r.outcome = 1 AND r.changes IS NULL;
                """);

            migrationBuilder.DropColumn(
                name: "birth_date",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "birth_place",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "diploma_name",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "education_field",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "education_level",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "email",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "employment_status_code",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "functional_level_code",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "library_id",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "library_science_education",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "library_work_start",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "nik_cipher",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "nip",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "phone",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "province_code",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "sex",
                table: "import_rows");

            migrationBuilder.DropColumn(
                name: "staff_category_code",
                table: "import_rows");


        }
    }
}
