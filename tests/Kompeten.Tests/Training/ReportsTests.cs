using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Training;

/// <summary>Pre/post tests, the activity report (PDF and xlsx), the participant list and a person's training history.</summary>
public class ReportsTests(TrainingFactory app) : IClassFixture<TrainingFactory>
{
    private sealed record Setup(int Batch, int Programme, List<int> Participants, List<int> People, int[] Sessions);

    private async Task<Setup> BatchAsync()
    {
        var batch = await app.AddBatchAsync(capacity: 20, pool: 4, quotas: new() { ["63.01"] = 6, ["63.02"] = 6 }, sessions: 2, rule: 50);
        var people = (await app.AddPeopleAsync("63.01", 3, "Ahmad Rizani")).Concat(await app.AddPeopleAsync("63.02", 2, "Siti Masitah")).ToList();
        var participants = new List<int>();
        foreach (var p in people) participants.Add((await app.SeatsAsync(s => s.AdmitAsync(batch, p, TrainingFactory.Province))).ParticipantId!.Value);
        var sessions = await app.WithDbAsync(db => db.Sessions.Where(s => s.BatchId == batch).OrderBy(s => s.SortOrder).Select(s => s.Id).ToArrayAsync());
        await app.WithServicesAsync(async sp =>
        {
            var book = sp.GetRequiredService<AttendanceBook>();
            var db = sp.GetRequiredService<Web.Data.AppDbContext>();
            var s1 = await db.Sessions.FirstAsync(s => s.Id == sessions[0]);
            var s2 = await db.Sessions.FirstAsync(s => s.Id == sessions[1]);
            foreach (var pid in participants) await book.RecordAsync(s1, new ScanInput { IdempotencyKey = Guid.NewGuid(), ParticipantId = pid, ManualReason = "uji" }, null);
            foreach (var pid in participants.Take(3)) await book.RecordAsync(s2, new ScanInput { IdempotencyKey = Guid.NewGuid(), ParticipantId = pid, ManualReason = "uji" }, null);
            db.BudgetLines.AddRange(
                new BudgetLine { ProgrammeId = db.Batches.First(b => b.Id == batch).ProgrammeId, Kind = BudgetLineKind.Plan, Item = "Konsumsi", Volume = 60, Unit = "OH", UnitCost = 85_000, SortOrder = 1 },
                new BudgetLine { ProgrammeId = db.Batches.First(b => b.Id == batch).ProgrammeId, Kind = BudgetLineKind.Realisation, Item = "Konsumsi", Volume = 55, Unit = "OH", UnitCost = 85_000, SortOrder = 1 });
            await db.SaveChangesAsync();
            return 0;
        });
        var programme = await app.WithDbAsync(db => db.Batches.Where(b => b.Id == batch).Select(b => b.ProgrammeId).FirstAsync());
        return new Setup(batch, programme, participants, people, sessions);
    }

    [Fact]
    public async Task A_participant_takes_the_test_on_the_phone_and_the_committee_enters_and_imports_the_rest()
    {
        var s = await BatchAsync();
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Training/Batches/{s.Batch}/Tests";
        foreach (var (text, correct) in new[] { ("Apa kepanjangan SKKNI?", "A"), ("Siapa yang menerbitkan sertifikat kompetensi?", "B") })
        {
            (await admin.PostFormAsync(url + "?handler=Question", new() { ["Question.Text"] = text, ["Question.OptionA"] = "Standar Kompetensi Kerja Nasional Indonesia", ["Question.OptionB"] = "LSP Pustakawan", ["Question.Correct"] = correct }, url))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var questions = await app.WithDbAsync(db => db.TestQuestions.Where(q => q.BatchId == s.Batch).OrderBy(q => q.SortOrder).Select(q => q.Id).ToListAsync());

        // Participant 0 online: one right, one wrong.
        var phone = await app.ClientForAsync(Roles.Peserta, "63.01", s.People[0]);
        var testUrl = $"/Training/Participants/{s.Participants[0]}/Test/Pre";
        (await phone.PostFormAsync(testUrl, new() { [$"answers[{questions[0]}]"] = "A" }, testUrl)).StatusCode.ShouldBe(HttpStatusCode.OK, "an unanswered question is refused");
        (await phone.PostFormAsync(testUrl, new() { [$"answers[{questions[0]}]"] = "A", [$"answers[{questions[1]}]"] = "A" }, testUrl)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await phone.GetStringAsync(testUrl)).ShouldContain("sudah Anda kerjakan");
        (await phone.GetAsync($"/Training/Participants/{s.Participants[1]}/Test/Pre")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "someone else's test");

        // The committee types scores, then imports a CSV for the others.
        (await admin.PostFormAsync(url + "?handler=Scores", new() { [$"post[{s.Participants[0]}]"] = "100", [$"pre[{s.Participants[1]}]"] = "40", [$"post[{s.Participants[1]}]"] = "70,5" }, url))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var tokens = await app.WithDbAsync(db => db.Participants.Where(p => s.Participants.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.QrToken));
        var csv = $"kode;pre;post\n{tokens[s.Participants[2]]};60;80\n{tokens[s.Participants[3]]};55;\nPXXXXXXXXXXX;1;2\n";
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "nilai.csv");
        var page = await admin.GetStringAsync(url);
        form.Add(new StringContent(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value), "__RequestVerificationToken");
        (await admin.PostAsync(url + "?handler=Import", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        WebUtility.HtmlDecode(await admin.GetStringAsync(url)).ShouldContain("bukan peserta angkatan ini");

        var scores = await app.WithServicesAsync(sp => sp.GetRequiredService<TestScores>().ForBatchAsync(s.Batch));
        var byId = scores.Rows.ToDictionary(r => r.ParticipantId);
        (byId[s.Participants[0]].Pre, byId[s.Participants[0]].Post, byId[s.Participants[0]].Gain).ShouldBe((50m, 100m, 50m));
        (byId[s.Participants[1]].Pre, byId[s.Participants[1]].Post).ShouldBe((40m, 70.5m));
        (byId[s.Participants[2]].Gain).ShouldBe(20m);
        byId[s.Participants[3]].Post.ShouldBeNull();
        scores.AverageGain.ShouldBe(Math.Round((50m + 30.5m + 20m) / 3, 2));
        scores.AveragePre.ShouldBe(Math.Round((50m + 40m + 60m + 55m) / 4, 2));
    }

    [Fact]
    public async Task The_activity_report_xlsx_opens_and_its_totals_equal_the_data()
    {
        var s = await BatchAsync();
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var bytes = await admin.GetByteArrayAsync($"/Training/Batches/{s.Batch}/Documents?handler=Report&format=xlsx");
        var book = ReadWorkbook(bytes);

        var regencies = book["Peserta per kab-kota"];
        var total = regencies.Single(r => r.ElementAtOrDefault(1) == "Jumlah");
        var dataRows = regencies.Skip(1).Where(r => r.ElementAtOrDefault(1) is not ("Jumlah" or "Kuota umum")).ToList();
        decimal Col(IEnumerable<List<string>> rows, int c) => rows.Sum(r => decimal.TryParse(r.ElementAtOrDefault(c), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0);
        decimal.Parse(total[3], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Col(dataRows, 3));
        decimal.Parse(total[3], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(5m, "five participants");
        decimal.Parse(total[2], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(16m, "6 + 6 regency seats and 4 in the pool");
        dataRows.Single(r => r[0] == "63.01")[3].ShouldBe("3");

        var sessions = book["Kehadiran per sesi"];
        sessions[1][5].ShouldBe("5");
        sessions[2][5].ShouldBe("3");
        sessions[2][7].ShouldBe("60");

        var budget = book["Anggaran"];
        budget.Single(r => r.ElementAtOrDefault(1) == "Total realisasi")[5].ShouldBe((55 * 85_000m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        budget.Single(r => r.ElementAtOrDefault(1) == "Total RAB")[5].ShouldBe((60 * 85_000m).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var pdf = await PdfTools.TextAsync(await admin.GetByteArrayAsync($"/Training/Batches/{s.Batch}/Documents?handler=Report"));
        pdf.ShouldContain("LAPORAN KEGIATAN");
        pdf.ShouldContain("Peserta per kabupaten/kota");
        pdf.ShouldContain("Kabupaten Kotabaru");
        pdf.ShouldContain("3/5");
        pdf.ShouldContain("Realisasi anggaran");
        pdf.ShouldContain("Rp4.675.000");
    }

    [Fact]
    public async Task An_operator_downloads_only_the_regency_participants_and_a_person_sees_their_history()
    {
        var s = await BatchAsync();
        var op = await app.ClientForAsync(Roles.Operator, "63.02");
        var book = ReadWorkbook(await op.GetByteArrayAsync($"/Training/Batches/{s.Batch}/Participants?handler=Xlsx"));
        var rows = book["Peserta"].Skip(1).ToList();
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => r[6] == "63.02");

        var me = await app.ClientForAsync(Roles.Peserta, "63.01", s.People[0]);
        var page = await me.GetStringAsync("/Training/Me");
        page.ShouldContain("Riwayat pelatihan");
        page.ShouldContain($"data-participant=\"{s.Participants[0]}\"");
        page.ShouldContain("hadir 2/2 sesi");
    }

    /// <summary>Sheet name → rows of cell texts (numbers as written), each cell at its column (a blank cell need not be written).</summary>
    private static Dictionary<string, List<List<string>>> ReadWorkbook(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var result = new Dictionary<string, List<List<string>>>();
        foreach (var sheet in doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)doc.WorkbookPart.GetPartById(sheet.Id!);
            result[sheet.Name!] = part.Worksheet.Descendants<Row>().Select(r =>
            {
                var cells = new List<string>();
                foreach (var c in r.Elements<Cell>())
                {
                    var column = c.CellReference!.Value!.TakeWhile(char.IsLetter).Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1) - 1;
                    while (cells.Count <= column) cells.Add("");
                    cells[column] = c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
                }
                return cells;
            }).ToList();
        }
        return result;
    }
}
