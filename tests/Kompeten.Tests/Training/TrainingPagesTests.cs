using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Training;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Training;

/// <summary>The pages as administrators, operators and participants use them, including who may not see what.</summary>
public class TrainingPagesTests(TrainingFactory app) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task An_administrator_creates_a_programme_with_its_budget_and_a_batch_with_sessions_and_quotas()
    {
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var response = await admin.PostFormAsync("/Training/Programmes/Edit", new()
        {
            ["Input.Name"] = "Bimtek Literasi Informasi Sertifikasi Pustakawan dan Pengelola Perpustakaan 2026",
            ["Input.Year"] = "2026",
            ["Input.Funding"] = nameof(FundingSource.DakNonFisik),
            ["Input.FundingMenu"] = "Peningkatan kompetensi tenaga perpustakaan",
            ["Input.QualifiesAsTrainingCertificate"] = "true",
            ["Input.Plan[0].Item"] = "Honorarium narasumber",
            ["Input.Plan[0].Volume"] = "6",
            ["Input.Plan[0].Unit"] = "OJ",
            ["Input.Plan[0].UnitCost"] = "1.700.000",
            ["Input.Plan[1].Item"] = "Konsumsi peserta",
            ["Input.Plan[1].Volume"] = "300",
            ["Input.Plan[1].Unit"] = "OH",
            ["Input.Plan[1].UnitCost"] = "85000",
            ["Input.Realisation[0].Item"] = "Konsumsi peserta",
            ["Input.Realisation[0].Volume"] = "280",
            ["Input.Realisation[0].Unit"] = "OH",
            ["Input.Realisation[0].UnitCost"] = "85000",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var programme = await app.WithDbAsync(db => db.Programmes.Include(p => p.BudgetLines).OrderByDescending(p => p.Id).FirstAsync());
        programme.BudgetLines.Where(l => l.Kind == BudgetLineKind.Plan).Sum(l => l.Total).ShouldBe(6 * 1_700_000m + 300 * 85_000m);
        programme.ProvinceCode.ShouldBe("63");

        var form = new Dictionary<string, string>
        {
            ["Input.Number"] = "1",
            ["Input.Status"] = nameof(BatchStatus.Open),
            ["Input.StartDate"] = "2026-03-02",
            ["Input.EndDate"] = "2026-03-04",
            ["Input.Venue"] = "Aula Dispersip Kalsel, Banjarbaru",
            ["Input.Capacity"] = "100",
            ["Input.LessonHours"] = "30",
            ["Input.AttendanceRulePercent"] = "80",
            ["Input.NominationDeadline"] = "2026-02-20T16:00",
            ["Input.PoolSeats"] = "9",
            ["Input.PoolLabel"] = "Perpustakaan sekolah",
            ["Input.Sessions[0].Title"] = "Kebijakan sertifikasi pustakawan",
            ["Input.Sessions[0].Speaker"] = "Perpustakaan Nasional RI",
            ["Input.Sessions[0].Date"] = "2026-03-02",
            ["Input.Sessions[0].StartTime"] = "08:00",
            ["Input.Sessions[0].EndTime"] = "10:15",
            ["Input.Sessions[0].LessonHours"] = "3",
        };
        var regencies = await app.WithDbAsync(db => db.Regions.Where(r => r.ParentCode == "63").OrderBy(r => r.Code).Select(r => r.Code).ToListAsync());
        for (var i = 0; i < regencies.Count; i++)
        {
            form[$"Input.Quotas[{i}].RegencyCode"] = regencies[i];
            form[$"Input.Quotas[{i}].Seats"] = "8";
        }
        // 13 × 8 + 9 = 113 seats planned for 100: refused with the numbers.
        var tooMany = await admin.PostFormAsync($"/Training/Batches/Edit?programmeId={programme.Id}", form);
        tooMany.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await tooMany.Content.ReadAsStringAsync()).ShouldContain("(113) melebihi kapasitas (100)");

        for (var i = 0; i < regencies.Count; i++) form[$"Input.Quotas[{i}].Seats"] = "7";
        var saved = await admin.PostFormAsync($"/Training/Batches/Edit?programmeId={programme.Id}", form);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var batch = await app.WithDbAsync(db => db.Batches.Include(b => b.Quotas).Include(b => b.Sessions).FirstAsync(b => b.ProgrammeId == programme.Id));
        batch.Quotas.Count.ShouldBe(13);
        batch.Quotas.Sum(q => q.Seats).ShouldBe(91);
        batch.Sessions.ShouldHaveSingleItem().StartTime.ShouldBe(new TimeOnly(8, 0));
        batch.NominationDeadline!.Value.ShouldBe(new DateTimeOffset(2026, 2, 20, 8, 0, 0, TimeSpan.Zero), "16:00 WITA is 08:00 UTC");

        var page = await admin.GetStringAsync($"/Training/Batches/{batch.Id}");
        page.ShouldContain("Angkatan I");
        page.ShouldContain("Kebijakan sertifikasi pustakawan");
        (await admin.GetStringAsync("/Training")).ShouldContain(programme.Name);
    }

    [Fact]
    public async Task An_operator_nominates_people_of_the_regency_and_cannot_reach_another_regency_even_by_id()
    {
        var batch = await app.AddBatchAsync(quotas: new() { ["63.01"] = 5, ["63.02"] = 5 });
        var mine = await app.AddPeopleAsync("63.01", 2, "Rahmah");
        var theirs = await app.AddPeopleAsync("63.02", 2, "Bahrani");
        var op1 = await app.ClientForAsync(Roles.Operator, "63.01");
        var op2 = await app.ClientForAsync(Roles.Operator, "63.02");
        var url = $"/Training/Batches/{batch}/Participants";

        var list = await op1.GetStringAsync(url);
        list.ShouldContain($"data-candidate=\"{mine[0]}\"");
        list.ShouldNotContain("Bahrani");

        (await op1.PostFormAsync(url + "?handler=Nominate", new() { ["personId"] = mine[0].ToString() }, url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await op2.PostFormAsync(url + "?handler=Nominate", new() { ["personId"] = theirs[0].ToString() }, url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var ids = await app.WithDbAsync(db => db.Participants.Where(p => p.BatchId == batch).ToDictionaryAsync(p => p.RegencyCode, p => p.Id));

        // Guessing ids: another regency's person, participant and card.
        (await op1.PostFormAsync(url + "?handler=Nominate", new() { ["personId"] = theirs[1].ToString() }, url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op1.PostFormAsync(url + "?handler=Withdraw", new() { ["participantId"] = ids["63.02"].ToString() }, url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op1.PostFormAsync(url + "?handler=Waitlist", new() { ["personId"] = theirs[1].ToString() }, url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op1.GetAsync($"/Training/Participants/{ids["63.02"]}/Card")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op1.PostFormAsync(url + "?handler=Approve", new() { ["participantId"] = ids["63.01"].ToString() }, url)).Headers.Location!.ToString().ShouldContain("AccessDenied");

        var after = await op1.GetStringAsync(url);
        after.ShouldContain($"data-participant=\"{ids["63.01"]}\"");
        after.ShouldNotContain($"data-participant=\"{ids["63.02"]}\"");
        (await op1.GetStringAsync($"/Training/Participants/{ids["63.01"]}/Card")).ShouldContain("wa.me");
        (await app.WithDbAsync(db => db.Participants.CountAsync(p => p.BatchId == batch && p.Status == ParticipantStatus.Nominated))).ShouldBe(2);
    }

    [Fact]
    public async Task The_administrator_approves_and_the_operator_sees_why_a_nomination_is_refused()
    {
        var batch = await app.AddBatchAsync(quotas: new() { ["63.03"] = 1 });
        var people = await app.AddPeopleAsync("63.03", 2, "Sarmini");
        var op = await app.ClientForAsync(Roles.Operator, "63.03");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Training/Batches/{batch}/Participants";
        await op.PostFormAsync(url + "?handler=Nominate", new() { ["personId"] = people[0].ToString() }, url);
        await op.PostFormAsync(url + "?handler=Nominate", new() { ["personId"] = people[1].ToString() }, url);
        var refused = await op.GetStringAsync(url);
        WebUtility.HtmlDecode(refused).ShouldContain("Kuota 63.03");

        var pid = await app.WithDbAsync(db => db.Participants.Where(p => p.BatchId == batch).Select(p => p.Id).SingleAsync());
        (await admin.PostFormAsync(url + "?handler=Approve", new() { ["participantId"] = pid.ToString() }, url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Participants.Where(p => p.Id == pid).Select(p => p.Status).SingleAsync())).ShouldBe(ParticipantStatus.Approved);

        // The second person goes to the waiting list and the operator sees them there.
        await op.PostFormAsync(url + "?handler=Waitlist", new() { ["personId"] = people[1].ToString() }, url);
        (await op.GetStringAsync($"/Training/Batches/{batch}/Waitlist")).ShouldContain("Sarmini");
    }

    [Fact]
    public async Task A_librarian_registers_and_gets_a_QR_card_but_cannot_touch_other_records()
    {
        var batch = await app.AddBatchAsync(pool: 5);
        var me = (await app.AddPeopleAsync("63.04", 1, "Fitriani"))[0];
        var other = (await app.AddPeopleAsync("63.04", 1, "Norhasanah"))[0];
        var otherPlace = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, other));
        var client = await app.ClientForAsync(Roles.Peserta, "63.04", me);

        (await client.GetAsync("/Training")).Headers.Location!.ToString().ShouldBe("/Training/Me");
        (await client.GetStringAsync("/Training/Me")).ShouldContain($"data-open-batch=\"{batch}\"");
        (await client.PostFormAsync("/Training/Me?handler=Register", new() { ["batchId"] = batch.ToString() }, "/Training/Me")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var place = await app.WithDbAsync(db => db.Participants.SingleAsync(p => p.BatchId == batch && p.PersonId == me));
        place.Status.ShouldBe(ParticipantStatus.PendingApproval);
        var card = await client.GetStringAsync($"/Training/Participants/{place.Id}/Card");
        card.ShouldContain(place.QrToken);

        (await client.GetAsync($"/Training/Participants/{otherPlace.ParticipantId}/Card")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostFormAsync("/Training/Me?handler=Withdraw", new() { ["participantId"] = otherPlace.ParticipantId.ToString()! }, "/Training/Me")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/Training/Batches/{batch}/Participants")).Headers.Location!.ToString().ShouldContain("AccessDenied", customMessage: "participants' lists are for staff");
    }

    [Fact]
    public async Task The_committee_opens_the_scanning_page_of_a_session_and_operators_cannot()
    {
        var batch = await app.AddBatchAsync(sessions: 2, quotas: new() { ["63.05"] = 2 });
        var session = await app.WithDbAsync(db => db.Sessions.Where(s => s.BatchId == batch).Select(s => s.Id).FirstAsync());
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var page = await admin.GetStringAsync($"/Training/Sessions/{session}/Scan");
        page.ShouldContain("Belum terkirim");
        page.ShouldContain("BarcodeDetector");
        (await admin.GetStringAsync($"/Training/Batches/{batch}")).ShouldContain($"/Training/Sessions/{session}/Scan");

        var op = await app.ClientForAsync(Roles.Operator, "63.05");
        (await op.GetAsync($"/Training/Sessions/{session}/Scan")).Headers.Location!.ToString().ShouldContain("AccessDenied");
        (await op.GetStringAsync($"/Training/Batches/{batch}")).ShouldNotContain("/Scan");
        (await op.GetAsync($"/Training/Batches/{batch}/Waitlist")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var elsewhere = await app.ClientForAsync(Roles.AdminProvinsi, "64");
        (await elsewhere.GetAsync($"/Training/Sessions/{session}/Scan")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await elsewhere.GetAsync($"/Training/Batches/{batch}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
