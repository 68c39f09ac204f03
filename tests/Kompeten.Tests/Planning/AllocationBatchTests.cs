using System.Net;
using AngleSharp.Html.Parser;
using Kompeten.Tests.Dashboard;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Planning;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Planning;

/// <summary>Applying the planner's draft allocation to a new batch in one step, and the refusals.</summary>
public class AllocationBatchTests(DashboardDataset app) : IClassFixture<DashboardDataset>
{
    private Task<QuotaAllocation> DraftAsync(string province, AllocationKind kind = AllocationKind.WorkshopSeats) => app.WithDbAsync(async db =>
    {
        var regencies = await db.Regions.Where(r => r.ParentCode == province).OrderBy(r => r.Code).Select(r => r.Code).Take(5).ToListAsync();
        var allocation = new QuotaAllocation
        {
            RegionCode = province, Year = app.Today.Year, Kind = kind, Title = $"Kuota uji {province}", Basis = "uji", CreatedBy = "uji", CreatedAt = DateTimeOffset.UtcNow,
            Lines = regencies.Select((code, i) => new QuotaAllocationLine { RegionCode = code, Seats = 3 + 2 * i }).ToList(),
        };
        allocation.Total = allocation.Lines.Sum(l => l.Seats);
        db.QuotaAllocations.Add(allocation);
        await db.SaveChangesAsync();
        return allocation;
    });

    private Task<int> ProgrammeAsync(string province) =>
        app.WithDbAsync(db => db.Programmes.Where(p => p.ProvinceCode == province).OrderByDescending(p => p.Year).Select(p => p.Id).FirstAsync());

    private Dictionary<string, string> Form(int programmeId, int pool = 10) => new()
    {
        ["Input.ProgrammeId"] = programmeId.ToString(), ["Input.StartDate"] = app.Today.AddMonths(2).ToString("yyyy-MM-dd"),
        ["Input.EndDate"] = app.Today.AddMonths(2).AddDays(2).ToString("yyyy-MM-dd"), ["Input.Venue"] = "Aula Dispersip Kalsel, Banjarbaru",
        ["Input.PoolSeats"] = pool.ToString(), ["Input.PoolLabel"] = "Perpustakaan sekolah",
    };

    [Fact]
    public async Task Applying_a_draft_allocation_creates_a_batch_whose_quotas_equal_the_allocation_and_lands_on_the_batch_page()
    {
        var draft = await DraftAsync("63");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Planning/Allocations/{draft.Id}/Batch";
        var response = await admin.PostFormAsync(url, Form(await ProgrammeAsync("63")), url);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.ToString();
        location.ShouldStartWith("/Training/Batches/");
        var batchId = int.Parse(location["/Training/Batches/".Length..]);
        var batch = await app.WithDbAsync(db => db.Batches.Include(b => b.Quotas).SingleAsync(b => b.Id == batchId));
        batch.Quotas.ToDictionary(q => q.RegencyCode, q => q.Seats).ShouldBe(draft.Lines.ToDictionary(l => l.RegionCode, l => l.Seats), ignoreOrder: true);
        batch.PoolSeats.ShouldBe(10);
        batch.Capacity.ShouldBe(draft.Total + 10);
        batch.ProvinceCode.ShouldBe("63");
        batch.SeatsTaken.ShouldBe(0);
        (await app.WithDbAsync(db => db.QuotaAllocations.Where(a => a.Id == draft.Id).Select(a => a.Applied).SingleAsync())).ShouldBeTrue();

        // Applying again is refused with a message that says what to do.
        var tokenPage = $"/Planning/Allocations/{(await DraftAsync("63")).Id}/Batch";
        var again = await admin.PostFormAsync(url, Form(await ProgrammeAsync("63")), tokenPage);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        new HtmlParser().ParseDocument(await again.Content.ReadAsStringAsync()).QuerySelector("#refusal")!.TextContent.ShouldContain("sudah diterapkan");
        (await app.WithDbAsync(db => db.Batches.CountAsync(b => b.Quotas.Any() && b.Venue == "Aula Dispersip Kalsel, Banjarbaru"))).ShouldBe(1);
    }

    [Fact]
    public async Task A_province_admin_cannot_apply_another_provinces_allocation()
    {
        var kaltim = await DraftAsync("64");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Planning/Allocations/{kaltim.Id}/Batch";

        var page = await admin.GetAsync(url);
        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var text = await page.Content.ReadAsStringAsync();
        text.ShouldContain("provinsi lain");
        text.ShouldNotContain(kaltim.Lines[0].RegionCode);

        var post = await admin.PostFormAsync(url, Form(await ProgrammeAsync("63")), $"/Planning/Allocations/{(await DraftAsync("63")).Id}/Batch");
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.QuotaAllocations.Where(a => a.Id == kaltim.Id).Select(a => a.Applied).SingleAsync())).ShouldBeFalse();
        (await app.WithDbAsync(db => db.Batches.CountAsync(b => b.Quotas.Any(q => q.RegencyCode.StartsWith("64."))))).ShouldBe(0);

        // A Kalsel programme with a Kalsel draft from a Kaltim admin: the same refusal the other way round.
        var kaltimAdmin = await app.ClientForAsync(Roles.AdminProvinsi, "64");
        var kalsel = await DraftAsync("63");
        (await kaltimAdmin.PostFormAsync($"/Planning/Allocations/{kalsel.Id}/Batch", Form(await ProgrammeAsync("64")), $"/Planning/Allocations/{kaltim.Id}/Batch"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_funded_places_draft_or_an_operator_is_refused()
    {
        var funded = await DraftAsync("63", AllocationKind.FundedPlaces);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var doc = new HtmlParser().ParseDocument(await admin.GetStringAsync($"/Planning/Allocations/{funded.Id}/Batch"));
        doc.QuerySelector("#refusal")!.TextContent.ShouldContain("kuota sertifikasi dibiayai");
        doc.QuerySelector("#apply-form").ShouldBeNull();

        var op = await app.ClientForAsync(Roles.Operator, "63.01");
        var r = await op.GetAsync($"/Planning/Allocations/{(await DraftAsync("63")).Id}/Batch");
        (r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect).ShouldBeTrue();
    }
}
