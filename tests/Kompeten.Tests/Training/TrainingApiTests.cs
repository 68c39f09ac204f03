using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Training;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Training;

/// <summary>/api/v1/training: attendance idempotency, offline replay, and the same roles and scope as the pages.</summary>
public class TrainingApiTests(TrainingFactory app) : IClassFixture<TrainingFactory>
{
    private async Task<(int Batch, int Session, List<(int Id, string Token)> People)> BatchWithParticipantsAsync(int count = 3, string regency = "63.05")
    {
        var batch = await app.AddBatchAsync(capacity: 50, pool: 50, sessions: 2);
        var list = new List<(int, string)>();
        foreach (var p in await app.AddPeopleAsync(regency, count, "Hadirin"))
        {
            var r = await app.SeatsAsync(s => s.AdmitAsync(batch, p, TrainingFactory.Province));
            list.Add((r.ParticipantId!.Value, await app.WithDbAsync(db => db.Participants.Where(x => x.Id == r.ParticipantId).Select(x => x.QrToken).SingleAsync())));
        }
        var session = await app.WithDbAsync(db => db.Sessions.Where(s => s.BatchId == batch).OrderBy(s => s.SortOrder).Select(s => s.Id).FirstAsync());
        // The session takes place today (WITA), as at the venue.
        var today = app.Clock.Today();
        await app.WithDbAsync(db => db.Sessions.Where(s => s.Id == session).ExecuteUpdateAsync(x => x.SetProperty(s => s.Date, today)));
        return (batch, session, list);
    }

    private Task<int> ScansAsync(int session) => app.WithDbAsync(db => db.AttendanceScans.CountAsync(a => a.SessionId == session));

    [Fact]
    public async Task The_same_scan_sent_twice_is_recorded_once()
    {
        var (_, session, people) = await BatchWithParticipantsAsync();
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var scan = new { idempotencyKey = Guid.NewGuid(), code = people[0].Token, deviceId = "hp-panitia-1", scannedAt = app.Clock.GetUtcNow() };

        var first = await admin.PostAsJsonAsync($"/api/v1/training/sessions/{session}/scans", scan);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var second = await admin.PostAsJsonAsync($"/api/v1/training/sessions/{session}/scans", scan);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().ShouldBe("Replayed");
        (await ScansAsync(session)).ShouldBe(1);
    }

    [Fact]
    public async Task The_idempotency_key_may_come_as_a_header()
    {
        var (_, session, people) = await BatchWithParticipantsAsync();
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/training/sessions/{session}/scans") { Content = JsonContent.Create(new { code = people[1].Token }) };
            request.Headers.Add("Idempotency-Key", key);
            (await admin.SendAsync(request)).IsSuccessStatusCode.ShouldBeTrue();
        }
        var stored = await app.WithDbAsync(db => db.AttendanceScans.SingleAsync(a => a.SessionId == session));
        stored.IdempotencyKey.ShouldBe(Guid.Parse(key));
    }

    [Fact]
    public async Task The_same_participant_scanned_by_two_phones_at_once_is_recorded_once()
    {
        var (_, session, people) = await BatchWithParticipantsAsync();
        var phoneA = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var phoneB = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var attempts = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? phoneA : phoneB).PostAsJsonAsync($"/api/v1/training/sessions/{session}/scans",
            new { idempotencyKey = Guid.NewGuid(), code = people[0].Token, deviceId = i % 2 == 0 ? "hp-a" : "hp-b" }));

        var responses = await Task.WhenAll(attempts);

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(39);
        var later = await responses.First(r => r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<JsonElement>();
        later.GetProperty("outcome").GetString().ShouldBe("AlreadyPresent");
        later.GetProperty("message").GetString()!.ShouldContain("sudah tercatat hadir");
        (await ScansAsync(session)).ShouldBe(1);
    }

    [Fact]
    public async Task A_queued_batch_replayed_after_a_dropped_connection_records_nothing_twice()
    {
        var (_, session, people) = await BatchWithParticipantsAsync(count: 3);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var offlineStart = app.Clock.GetUtcNow().AddMinutes(-20);
        var queue = new object[]
        {
            new { idempotencyKey = Guid.NewGuid(), code = people[0].Token, deviceId = "hp-a", scannedAt = offlineStart },
            new { idempotencyKey = Guid.NewGuid(), code = $"https://kompeten.example/t/{people[1].Token}", deviceId = "hp-a", scannedAt = offlineStart.AddMinutes(1) },
            new { idempotencyKey = Guid.NewGuid(), code = people[0].Token, deviceId = "hp-a", scannedAt = offlineStart.AddMinutes(2) },
            new { idempotencyKey = Guid.NewGuid(), code = "PXXXXXXXXXXXX", deviceId = "hp-a", scannedAt = offlineStart.AddMinutes(3) },
            new { idempotencyKey = Guid.NewGuid(), participantId = people[2].Id, deviceId = "hp-a" },
            new { idempotencyKey = Guid.NewGuid(), participantId = people[2].Id, manualReason = "QR di HP peserta tidak terbaca", deviceId = "hp-a" },
        };
        var url = $"/api/v1/training/sessions/{session}/scans/batch";

        var first = await (await admin.PostAsJsonAsync(url, queue)).Content.ReadFromJsonAsync<List<JsonElement>>();
        first!.Select(r => r.GetProperty("outcome").GetString()).ShouldBe(["Recorded", "Recorded", "AlreadyPresent", "UnknownCode", "Invalid", "Recorded"]);
        first!.ShouldAllBe(r => r.GetProperty("settled").GetBoolean());
        first![4].GetProperty("message").GetString()!.ShouldContain("wajib disertai alasan");

        // The phone never saw the answer and sends the whole queue again.
        var replay = await (await admin.PostAsJsonAsync(url, queue)).Content.ReadFromJsonAsync<List<JsonElement>>();
        replay!.Select(r => r.GetProperty("outcome").GetString()).ShouldBe(["Replayed", "Replayed", "AlreadyPresent", "UnknownCode", "Invalid", "Replayed"]);
        (await ScansAsync(session)).ShouldBe(3);

        var stored = await app.WithDbAsync(db => db.AttendanceScans.Where(a => a.SessionId == session).OrderBy(a => a.Id).ToListAsync());
        stored[0].ScannedAt.ShouldBe(offlineStart, TimeSpan.FromMilliseconds(1), "the time the phone saw the code, not the time it arrived");
        stored[2].Method.ShouldBe(AttendanceMethod.Manual);
        stored[2].ManualReason.ShouldBe("QR di HP peserta tidak terbaca");
    }

    [Fact]
    public async Task A_withdrawn_participant_is_not_checked_in()
    {
        var (_, session, people) = await BatchWithParticipantsAsync(count: 1);
        await app.SeatsAsync(s => s.EndParticipationAsync(people[0].Id, ParticipantStatus.Withdrawn, "sakit", TrainingFactory.Province));
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var response = await admin.PostAsJsonAsync($"/api/v1/training/sessions/{session}/scans", new { idempotencyKey = Guid.NewGuid(), code = people[0].Token });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("mengundurkan diri");
    }

    [Fact]
    public async Task Scanning_is_for_the_committee_of_the_province()
    {
        var (_, session, people) = await BatchWithParticipantsAsync(count: 1);
        var scan = new { idempotencyKey = Guid.NewGuid(), code = people[0].Token };
        var op = await app.ClientForAsync(Roles.Operator, "63.05");
        (await op.PostAsJsonAsync($"/api/v1/training/sessions/{session}/scans", scan)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var otherProvince = await app.ClientForAsync(Roles.AdminProvinsi, "64");
        var response = await otherProvince.PostAsJsonAsync($"/api/v1/training/sessions/{session}/scans", scan);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe("Sesi tidak ditemukan di wilayah Anda.");
        (await app.CreateClient().PostAsJsonAsync($"/api/v1/training/sessions/{session}/scans", scan)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ScansAsync(session)).ShouldBe(0);
    }

    [Fact]
    public async Task Operators_use_the_API_within_their_regency_only()
    {
        var batch = await app.AddBatchAsync(quotas: new() { ["63.06"] = 3, ["63.07"] = 3 });
        var mine = await app.AddPeopleAsync("63.06", 1);
        var theirs = await app.AddPeopleAsync("63.07", 1);
        var other = await app.SeatsAsync(s => s.NominateAsync(batch, theirs[0], TrainingFactory.Regency("63.07")));
        var op = await app.ClientForAsync(Roles.Operator, "63.06");

        var nominated = await op.PostAsJsonAsync($"/api/v1/training/batches/{batch}/participants", new { personId = mine[0] });
        nominated.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await nominated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString().ShouldBe("Admitted");

        var refused = await op.PostAsJsonAsync($"/api/v1/training/batches/{batch}/participants", new { personId = theirs[0] });
        refused.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.PostAsJsonAsync($"/api/v1/training/participants/{other.ParticipantId}/withdraw", new { reason = "coba" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.PostAsync($"/api/v1/training/participants/{other.ParticipantId}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var list = await op.GetFromJsonAsync<List<JsonElement>>($"/api/v1/training/batches/{batch}/participants");
        list!.ShouldHaveSingleItem().GetProperty("regencyCode").GetString().ShouldBe("63.06");

        var full = await op.PostAsJsonAsync($"/api/v1/training/batches/{batch}/participants", new { personId = mine[0] });
        full.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("AlreadyRegistered");
    }

    [Fact]
    public async Task Programmes_and_batches_are_listed_within_the_province()
    {
        var batch = await app.AddBatchAsync(sessions: 1, quotas: new() { ["63.01"] = 2 });
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var created = await admin.PostAsJsonAsync("/api/v1/training/programmes", new { name = "Workshop Sertifikasi Pustakawan 2026", year = 2026, funding = (int)FundingSource.ApbdProvinsi });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dak = await admin.PostAsJsonAsync("/api/v1/training/programmes", new { name = "Bimtek DAK", year = 2026, funding = (int)FundingSource.DakNonFisik });
        dak.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await dak.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("fundingMenu");

        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/training/batches/{batch}");
        detail.GetProperty("batch").GetProperty("name").GetString().ShouldBe("Angkatan I");
        detail.GetProperty("sessions").GetArrayLength().ShouldBe(1);
        detail.GetProperty("quotas")[0].GetProperty("seats").GetInt32().ShouldBe(2);

        var elsewhere = await app.ClientForAsync(Roles.AdminProvinsi, "64");
        (await elsewhere.GetFromJsonAsync<List<JsonElement>>("/api/v1/training/batches"))!.ShouldBeEmpty();
        (await elsewhere.GetAsync($"/api/v1/training/batches/{batch}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await elsewhere.PostAsync($"/api/v1/training/programmes", JsonContent.Create(new { name = "x", year = 2026, funding = 2 }))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
