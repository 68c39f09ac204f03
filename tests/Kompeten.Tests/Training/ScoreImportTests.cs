using System.Net;
using Kompeten.Tests.Certification;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Training;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Training;

/// <summary>The training app with the small upload limits of <see cref="SmallUploadFactory"/>.</summary>
public sealed class SmallUploadTrainingFactory : TrainingFactory
{
    protected override void ConfigureTestServices(IServiceCollection services) => SmallUploadFactory.Limit(services);
}

/// <summary>Importing pre/post scores: any spreadsheet the other imports take, and a refused file explained on the page.</summary>
public class ScoreImportTests(SmallUploadTrainingFactory app) : IClassFixture<SmallUploadTrainingFactory>
{
    private async Task<(int Batch, List<string> Codes, HttpClient Admin)> BatchAsync(int people)
    {
        var batch = await app.AddBatchAsync(capacity: 20, pool: 20);
        var codes = new List<string>();
        foreach (var p in await app.AddPeopleAsync("63.01", people, "Peserta Nilai"))
        {
            var participant = (await app.SeatsAsync(s => s.AdmitAsync(batch, p, TrainingFactory.Province))).ParticipantId!.Value;
            codes.Add(await app.WithDbAsync(db => db.Participants.Where(x => x.Id == participant).Select(x => x.QrToken).FirstAsync()));
        }
        return (batch, codes, await app.ClientForAsync(Roles.AdminProvinsi, "63"));
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient admin, int batch, string name, byte[] file)
    {
        var url = $"/Training/Batches/{batch}/Tests";
        return admin.PostFileAsync($"{url}?handler=Import", url, [], "file", name, file);
    }

    private Task<List<(decimal? Pre, decimal? Post)>> ScoresAsync(int batch) => app.WithServicesAsync(async sp =>
        (await sp.GetRequiredService<TestScores>().ForBatchAsync(batch)).Rows.Select(r => (r.Pre, r.Post)).ToList());

    [Fact]
    public async Task Scores_are_imported_from_an_xlsx_sheet_too()
    {
        var (batch, codes, admin) = await BatchAsync(2);
        var sheet = XlsxWriter.ToBytes(x => x.AddSheet("Nilai", XlsxColumn.Fitting(["kode", "pre", "post"], XlsxFormat.Text),
            [[codes[0], 55, 80.5], [codes[1], "60", null]]));

        var response = await ImportAsync(admin, batch, "nilai.xlsx", sheet);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Text(await admin.FollowAsync(response)).ShouldContain("2 baris dibaca, 3 nilai disimpan.");
        (await ScoresAsync(batch)).ShouldBe([(55m, 80.5m), (60m, null)], ignoreOrder: true);
    }

    [Fact]
    public async Task A_second_import_updates_scores_a_later_row_wins_and_an_out_of_range_score_is_reported_by_row()
    {
        var (batch, codes, admin) = await BatchAsync(2);
        (await ImportAsync(admin, batch, "nilai.csv", System.Text.Encoding.UTF8.GetBytes($"kode;pre\n{codes[0]};40\n")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var csv = $"kode;pre;post\n{codes[0]};45;70\n{codes[0]};50;\n{codes[1]};101;90\n";
        var response = await ImportAsync(admin, batch, "nilai.csv", System.Text.Encoding.UTF8.GetBytes(csv));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = Text(await admin.FollowAsync(response));
        page.ShouldContain("3 baris dibaca, 4 nilai disimpan.");
        page.ShouldContain("Baris 4: Nilai harus antara 0 dan 100.");
        (await ScoresAsync(batch)).ShouldBe([(50m, 70m), (null, 90m)], ignoreOrder: true);
    }

    [Fact]
    public async Task An_oversized_empty_or_non_spreadsheet_file_is_refused_on_the_page_and_saves_nothing()
    {
        var (batch, _, admin) = await BatchAsync(1);
        var oversized = new byte[SmallUploadFactory.MaxBytes * 4];

        foreach (var (name, bytes, status, message) in new[]
        {
            ("nilai.csv", oversized, HttpStatusCode.RequestEntityTooLarge, "Berkas terlalu besar"),
            ("nilai.csv", Array.Empty<byte>(), HttpStatusCode.BadRequest, "Berkas kosong (0 byte)"),
            ("nilai.pdf", Pdf, HttpStatusCode.BadRequest, "Jenis berkas .pdf tidak didukung"),
            ("nilai.csv", Png, HttpStatusCode.BadRequest, "bukan lembar kerja maupun CSV"),
            ("nilai.csv", "nama;nilai\nAhmad;70\n"u8.ToArray(), HttpStatusCode.BadRequest, "Kolom \"kode\" (kode QR peserta) tidak ada di baris judul (baris 1)"),
        })
        {
            var response = await ImportAsync(admin, batch, name, bytes);

            response.StatusCode.ShouldBe(status, name);
            var html = await response.Content.ReadAsStringAsync();
            Text(html).ShouldContain(message);
            html.ShouldContain("id=\"import-form\"", customMessage: "the form is shown again to pick another file");
            html.ShouldNotContain("Periksa kembali isian berikut", customMessage: "the question form was not submitted");
        }
        (await ScoresAsync(batch)).ShouldAllBe(s => s.Pre == null && s.Post == null);
    }

    [Fact]
    public async Task The_file_input_accepts_what_the_import_reads()
    {
        var (batch, _, admin) = await BatchAsync(1);

        var html = await admin.GetStringAsync($"/Training/Batches/{batch}/Tests");

        html.ShouldContain("accept=\".xlsx,.xls,.csv\"");
        Text(html).ShouldContain("Impor nilai dari berkas .xlsx, .xls, atau .csv");
    }
}
