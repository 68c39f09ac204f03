using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Registry.Import;

public class ImportApiTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private const string Regency = "63.07";

    private static async Task<(HttpStatusCode Status, JsonElement Body, string? MediaType)> PostAsync(HttpClient client, byte[] file, string query = "")
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", "roster.xlsx");
        var response = await client.PostAsync("/api/v1/people/import" + query, form);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, json, response.Content.Headers.ContentType?.MediaType);
    }

    private Task<int> CountAsync() => app.WithDbAsync(db => db.People.CountAsync(p => p.RegencyCode == Regency));

    [Fact]
    public async Task A_dry_run_reports_every_row_as_json_and_writes_nothing()
    {
        var bad = Line.Valid(Regency, 3);
        bad.Regency = "63.99";
        var file = RosterFiles.ExcelStyle([Line.Valid(Regency, 1), Line.Valid(Regency, 2), bad]);
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        var before = await CountAsync();

        var (status, body, _) = await PostAsync(client, file, "?dryRun=true");

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        body.GetProperty("applied").GetBoolean().ShouldBeFalse();
        body.GetProperty("totals").GetProperty("new").GetInt32().ShouldBe(2);
        body.GetProperty("totals").GetProperty("error").GetInt32().ShouldBe(1);
        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        rows.Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("status").GetString(), r.GetProperty("label").GetString()))
            .ShouldBe([(2, "new", "baru"), (3, "new", "baru"), (4, "error", "galat")]);
        rows[0].GetProperty("nik").GetString()!.ShouldContain("••••••");
        rows[2].GetProperty("errors")[0].GetString().ShouldBe("Kode kabupaten/kota 63.99 tidak dikenal; gunakan kode Kemendagri, misalnya 63.01.");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_file_with_errors_is_refused_whole_unless_invalid_rows_are_skipped()
    {
        var bad = Line.Valid(Regency, 12);
        bad.BirthDate = "kemarin";
        var file = RosterFiles.ExcelStyle([Line.Valid(Regency, 10), Line.Valid(Regency, 11), bad]);
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        var before = await CountAsync();

        var (refused, problem, mediaType) = await PostAsync(client, file);

        refused.ShouldBe(HttpStatusCode.UnprocessableEntity);
        mediaType.ShouldBe("application/problem+json");
        problem.GetProperty("detail").GetString()!.ShouldStartWith("1 dari 3 baris berisi galat, sehingga tidak ada data yang disimpan.");
        problem.GetProperty("rows")[0].GetProperty("errors")[0].GetString()!.ShouldContain("Tanggal lahir \"kemarin\" tidak dapat dibaca");
        (await CountAsync()).ShouldBe(before);

        var (applied, report, _) = await PostAsync(client, file, "?skipInvalid=true");

        applied.ShouldBe(HttpStatusCode.OK);
        report.GetProperty("applied").GetBoolean().ShouldBeTrue();
        (await CountAsync()).ShouldBe(before + 2);

        var (again, second, _) = await PostAsync(client, file, "?skipInvalid=true");
        again.ShouldBe(HttpStatusCode.OK);
        second.GetProperty("totals").GetProperty("unchanged").GetInt32().ShouldBe(2);
        (await CountAsync()).ShouldBe(before + 2);
    }

    [Fact]
    public async Task Wrong_headers_come_back_as_problem_details()
    {
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var (status, problem, mediaType) = await PostAsync(client, RosterFiles.ExcelStyle([Line.Valid(Regency, 20)], ["Nomor", "Nama"]));

        status.ShouldBe(HttpStatusCode.BadRequest);
        mediaType.ShouldBe("application/problem+json");
        problem.GetProperty("title").GetString().ShouldBe("Berkas tidak dapat diimpor");
        problem.GetProperty("detail").GetString()!.ShouldStartWith("Kolom wajib tidak ditemukan: NIK, Jenis Kelamin (L/P), Tanggal Lahir, Pendidikan Terakhir, Kategori Tenaga, Status Kepegawaian, Kode Kab/Kota.");
    }

    [Fact]
    public async Task Leadership_cannot_import_through_the_API()
    {
        var client = await app.ClientForAsync(Roles.Pimpinan, "63");

        using var form = new MultipartFormDataContent { { new ByteArrayContent(RosterFiles.ExcelStyle([Line.Valid(Regency, 30)])), "file", "roster.xlsx" } };
        var response = await client.PostAsync("/api/v1/people/import", form);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_import_route_is_described_in_the_OpenAPI_document()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        var post = document.GetProperty("paths").GetProperty("/api/v1/people/import").GetProperty("post");
        post.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _).ShouldBeTrue();
        post.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["dryRun", "skipInvalid"], ignoreOrder: true);
    }
}
