using Kompeten.Web.Features.Training;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Training;

/// <summary>
/// Hundreds of requests at once, each through its own scope and DbContext (so its own database
/// connection), for the last few seats: the database locks decide, and exactly the free seats are
/// given — in every round.
/// </summary>
public class SeatConcurrencyTests(TrainingFactory app) : IClassFixture<TrainingFactory>
{
    private const int Rounds = 4;

    [Fact]
    public async Task A_rush_of_self_registrations_for_the_last_seats_admits_exactly_the_capacity_every_time()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var batch = await app.AddBatchAsync(capacity: 30, pool: 30);
            foreach (var p in await app.AddPeopleAsync("63.09", 27))
            {
                (await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p))).Kind.ShouldBe(SeatResultKind.Admitted);
            }
            var rush = await app.AddPeopleAsync("63.10", 250);

            var results = await Parallel(rush.Select(p => (Func<BatchSeats, Task<SeatResult>>)(s => s.SelfRegisterAsync(batch, p))));

            results.Count(r => r.Kind == SeatResultKind.Admitted).ShouldBe(3, $"round {round}");
            results.Count(r => r.Kind == SeatResultKind.Waitlisted).ShouldBe(247, $"round {round}");
            await AssertCountersMatchAsync(batch, expectedSeats: 30);
            (await app.WithDbAsync(db => db.WaitlistEntries.CountAsync(w => w.BatchId == batch && w.Status == WaitlistStatus.Waiting))).ShouldBe(247);
        }
    }

    [Fact]
    public async Task A_rush_of_nominations_for_the_last_seats_of_a_regency_quota_admits_exactly_the_quota_every_time()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var batch = await app.AddBatchAsync(capacity: 100, quotas: new() { ["63.11"] = 10, ["63.71"] = 4 });
            var op = TrainingFactory.Regency("63.11");
            foreach (var p in await app.AddPeopleAsync("63.11", 7))
            {
                (await app.SeatsAsync(s => s.NominateAsync(batch, p, op))).Kind.ShouldBe(SeatResultKind.Admitted);
            }
            var candidates = await app.AddPeopleAsync("63.11", 150);
            var city = await app.AddPeopleAsync("63.71", 60);
            // Each candidate twice (two operators' tabs), and a second regency's operator at the same moment.
            var requests = candidates.Concat(candidates.Take(50))
                .Select(p => (Func<BatchSeats, Task<SeatResult>>)(s => s.NominateAsync(batch, p, op)))
                .Concat(city.Select(p => (Func<BatchSeats, Task<SeatResult>>)(s => s.NominateAsync(batch, p, TrainingFactory.Regency("63.71")))));

            var results = await Parallel(requests);

            results.Count(r => r.Kind == SeatResultKind.Admitted).ShouldBe(3 + 4, $"round {round}");
            results.Where(r => !r.Succeeded).ShouldAllBe(r => r.Kind == SeatResultKind.Full || r.Kind == SeatResultKind.AlreadyRegistered);
            var quotas = (await app.BatchAsync(batch)).Quotas.ToDictionary(q => q.RegencyCode, q => q.Taken);
            quotas["63.11"].ShouldBe(10);
            quotas["63.71"].ShouldBe(4);
            await AssertCountersMatchAsync(batch, expectedSeats: 14);
        }
    }

    [Fact]
    public async Task Nominations_admissions_and_registrations_together_never_pass_the_batch_capacity()
    {
        for (var round = 0; round < Rounds; round++)
        {
            // A careless seat plan (quotas and pool add up to 40 for 12 seats): the capacity still binds.
            var batch = await app.AddBatchAsync(capacity: 12, pool: 20, quotas: new() { ["63.01"] = 10, ["63.02"] = 10 });
            var a = await app.AddPeopleAsync("63.01", 80);
            var b = await app.AddPeopleAsync("63.02", 80);
            var c = await app.AddPeopleAsync("63.03", 80);
            var requests = a.Select(p => (Func<BatchSeats, Task<SeatResult>>)(s => s.NominateAsync(batch, p, TrainingFactory.Regency("63.01"))))
                .Concat(b.Select(p => (Func<BatchSeats, Task<SeatResult>>)(s => s.AdmitAsync(batch, p, TrainingFactory.Province))))
                .Concat(c.Select(p => (Func<BatchSeats, Task<SeatResult>>)(s => s.SelfRegisterAsync(batch, p))))
                .OrderBy(_ => Random.Shared.Next());

            var results = await Parallel(requests);

            results.Count(r => r.Kind == SeatResultKind.Admitted).ShouldBe(12, $"round {round}");
            await AssertCountersMatchAsync(batch, expectedSeats: 12);
        }
    }

    private async Task<SeatResult[]> Parallel(IEnumerable<Func<BatchSeats, Task<SeatResult>>> requests)
    {
        using var start = new ManualResetEventSlim(false);
        var tasks = requests.Select(r => Task.Run(async () =>
        {
            start.Wait();
            return await app.SeatsAsync(r);
        })).ToList();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    /// <summary>The counters on the rows agree with the participants actually holding seats.</summary>
    private async Task AssertCountersMatchAsync(int batchId, int expectedSeats)
    {
        var (batch, active, byQuota, pool, offers) = await app.WithDbAsync(async db => (
            await db.Batches.AsNoTracking().Include(b => b.Quotas).FirstAsync(b => b.Id == batchId),
            await db.Participants.CountAsync(p => p.BatchId == batchId && Participant.ActiveStatuses.Contains(p.Status)),
            await db.Participants.Where(p => p.BatchId == batchId && Participant.ActiveStatuses.Contains(p.Status) && p.SeatRegencyCode != null)
                .GroupBy(p => p.SeatRegencyCode!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count),
            await db.Participants.CountAsync(p => p.BatchId == batchId && Participant.ActiveStatuses.Contains(p.Status) && p.SeatRegencyCode == null),
            await db.WaitlistEntries.CountAsync(w => w.BatchId == batchId && w.Status == WaitlistStatus.Offered)));
        active.ShouldBe(expectedSeats);
        batch.SeatsTaken.ShouldBe(active + offers);
        batch.SeatsTaken.ShouldBeLessThanOrEqualTo(batch.Capacity);
        batch.PoolTaken.ShouldBe(pool + offers);
        foreach (var q in batch.Quotas) q.Taken.ShouldBe(byQuota.GetValueOrDefault(q.RegencyCode), q.RegencyCode);
    }
}
