using System.Net;
using AngleSharp.Html.Parser;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry.Import;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Registry.Import;

/// <summary>Small limits, and every check and apply sent to the background worker.</summary>
public class SmallImportLimitsFactory : KompetenFactory
{
    public const int MaxRows = 30;
    public const long MaxBytes = 48 * 1024;

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.Configure<ImportOptions>(o =>
        {
            o.MaxFileBytes = MaxBytes;
            o.MaxRows = MaxRows;
            o.InlineMaxBytes = 0;
            o.InlineMaxRows = 0;
            o.ChunkSize = 7;
        });
}

public class ImportLimitsTests(SmallImportLimitsFactory app) : IClassFixture<SmallImportLimitsFactory>
{
    private const string Regency = "63.05";

    /// <summary>Polls the progress fragment as htmx does until it asks for a page refresh (work finished).</summary>
    private static async Task WaitUntilDoneAsync(HttpClient client, Guid session)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/Registry/Import/{session}?handler=Progress");
            request.Headers.Add("HX-Request", "true");
            var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            if (response.Headers.Contains("HX-Refresh")) return;
            await Task.Delay(50);
        }
        throw new TimeoutException("The import did not finish within 60 s.");
    }

    private static async Task<string> StatusAsync(HttpClient client, Guid session)
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/Registry/Import/{session}"));
        return page.QuerySelector("#import-status")!.GetAttribute("data-status")!;
    }

    [Fact]
    public async Task An_oversized_file_is_refused_with_a_message_instead_of_an_error_page()
    {
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        var bigger = new byte[SmallImportLimitsFactory.MaxBytes + 10_000];
        var muchBigger = new byte[SmallImportLimitsFactory.MaxBytes * 4]; // larger than the request body limit itself
        "PK\u0003\u0004"u8.CopyTo(bigger);

        foreach (var file in new[] { bigger, muchBigger })
        {
            var response = await client.UploadAsync(file, "besar.xlsx");

            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            page.QuerySelector("#upload-error")!.TextContent.ShouldContain("Berkas terlalu besar");
            page.QuerySelector("#upload-error")!.TextContent.ShouldContain("batasnya 48 KB");
            page.QuerySelector("#upload-form").ShouldNotBeNull("the form is shown again to pick another file");
        }
    }

    [Fact]
    public async Task A_file_with_more_rows_than_the_limit_is_rejected_with_a_message()
    {
        var lines = Enumerable.Range(1, SmallImportLimitsFactory.MaxRows + 1).Select(i => Line.Valid(Regency, i));
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var session = await client.UploadToPreviewAsync(RosterFiles.Csv(lines, ';', bom: true), "banyak.csv");
        await WaitUntilDoneAsync(client, session);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/Registry/Import/{session}"));
        page.QuerySelector("#import-message")!.TextContent.ShouldContain("Berkas berisi lebih dari 30 baris data.");
        (await app.WithDbAsync(db => db.Set<ImportRow>().CountAsync(r => r.SessionId == session))).ShouldBe(0, "nothing is staged from a refused file");
    }

    [Fact]
    public async Task A_large_file_is_checked_and_applied_in_the_background()
    {
        var lines = Enumerable.Range(100, 25).Select(i => Line.Valid(Regency, i)).ToArray();
        lines[20].Gender = "X";
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var session = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle(lines), "besar.xlsx");
        await WaitUntilDoneAsync(client, session);
        (await StatusAsync(client, session)).ShouldBe(nameof(ImportStatus.Ready));
        var staged = await app.WithDbAsync(db => db.Set<ImportSession>().AsNoTracking().FirstAsync(s => s.Id == session));
        (staged.TotalRows, staged.NewRows, staged.ErrorRows).ShouldBe((25, 24, 1));

        await client.ConfirmAsync(session);
        await WaitUntilDoneAsync(client, session);

        (await StatusAsync(client, session)).ShouldBe(nameof(ImportStatus.Applied));
        (await app.WithDbAsync(db => db.People.CountAsync(p => p.RegencyCode == Regency))).ShouldBe(24);
    }

    [Fact]
    public async Task Namesakes_in_different_chunks_of_a_file_are_flagged_as_likely_duplicates_of_the_first()
    {
        const string OtherRegency = "63.06"; // this class's other tests count the people of 63.05
        // Chunks of 7 rows: the namesakes are checked in three different chunks.
        var birth = new DateOnly(1983, 3, 3);
        var lines = Enumerable.Range(300, 22).Select(i => Line.Valid(OtherRegency, i)).ToArray();
        foreach (var i in new[] { 1, 9, 20 }) lines[i] = Line.Valid(OtherRegency, 300 + i, birth: birth, name: i == 9 ? "SITI NAMESAKE" : "Siti Namesake");
        var client = await app.ClientForAsync(Roles.Operator, OtherRegency);

        var session = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle(lines), "senama.xlsx");
        await WaitUntilDoneAsync(client, session);
        await client.ConfirmAsync(session);
        await WaitUntilDoneAsync(client, session);

        (await StatusAsync(client, session)).ShouldBe(nameof(ImportStatus.Applied));
        var namesakes = await app.WithDbAsync(db => db.People.AsNoTracking().Where(p => p.BirthDate == birth && p.RegencyCode == OtherRegency).OrderBy(p => p.Id).ToListAsync());
        namesakes.Count.ShouldBe(3);
        var (first, second, third) = (namesakes[0], namesakes[1], namesakes[2]);
        first.FullName.ShouldBe("Siti Namesake", "ids follow the order of the file");
        first.PossibleDuplicateOfId.ShouldBe(second.Id);
        second.PossibleDuplicateOfId.ShouldBe(first.Id);
        third.PossibleDuplicateOfId.ShouldBe(first.Id);
        (await app.WithDbAsync(db => db.People.CountAsync(p => p.RegencyCode == OtherRegency && p.BirthDate != birth && p.PossibleDuplicateOfId != null)))
            .ShouldBe(0, "the other rows have no namesake");
        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "import" && a.EntityId == second.Id.ToString()).Select(a => a.Changes).SingleAsync());
        audited.ShouldNotBeNull().ShouldContain("SITI NAMESAKE");
    }

    [Fact]
    public async Task Statistics_of_people_are_refreshed_when_an_import_adds_a_tenth_of_the_table_or_more()
    {
        Task<long> AnalyzeCountAsync() => app.WithDbAsync(db =>
            db.Database.SqlQuery<long>($"SELECT analyze_count + autoanalyze_count AS \"Value\" FROM pg_stat_user_tables WHERE relname = 'people'").SingleAsync());
        var people = await app.WithDbAsync(db => db.People.CountAsync());
        var before = await AnalyzeCountAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<RosterImport>();
        (await import.AnalyzeIfGrownAsync(49)).ShouldBeFalse("fewer rows than autovacuum's own threshold");
        (await import.AnalyzeIfGrownAsync(50 + people)).ShouldBeTrue();

        // The statistics collector reports asynchronously; a fresh snapshot is asked for until it has.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await AnalyzeCountAsync() == before && DateTime.UtcNow < deadline) await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("SELECT pg_stat_clear_snapshot()"));
        (await AnalyzeCountAsync()).ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task A_running_import_shows_a_progress_bar_that_htmx_polls_every_second()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.06");
        var userId = await app.WithServicesAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("operator.63-06@uji.kompeten.id"))!.Id);
        var id = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            db.Add(new ImportSession
            {
                Id = id, UserId = userId, UserName = "operator", FileName = "jalan.xlsx", Status = ImportStatus.Validating,
                Phase = "Memeriksa baris", ProcessedRows = 5_000, ExpectedRows = 20_000, CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        });

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/Registry/Import/{id}"));

        var progress = page.QuerySelector("#import-progress")!;
        progress.GetAttribute("hx-get").ShouldBe($"/Registry/Import/{id}?handler=Progress");
        progress.GetAttribute("hx-trigger").ShouldBe("every 1s");
        progress.QuerySelector(".progress-bar")!.TextContent.ShouldBe("25%");
        progress.TextContent.ShouldContain("Sedang diperiksa: Memeriksa baris");
        progress.TextContent.ShouldContain("5.000 / ± 20.000 baris");
    }

    [Fact]
    public async Task After_a_restart_an_interrupted_apply_is_ready_again_and_a_queued_check_resumes()
    {
        var id = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            db.Add(new ImportSession { Id = id, UserId = "u", UserName = "u", FileName = "terhenti.xlsx", Status = ImportStatus.Applying, NewRows = 3, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });

        var resumed = await app.WithServicesAsync(sp => sp.GetRequiredService<RosterImport>().RecoverAsync());

        var session = await app.WithDbAsync(db => db.Set<ImportSession>().AsNoTracking().FirstAsync(s => s.Id == id));
        session.Status.ShouldBe(ImportStatus.Ready);
        session.Message.ShouldNotBeNull().ShouldContain("tidak ada data yang tersimpan");
        resumed.ShouldNotContain(id);
    }
}
