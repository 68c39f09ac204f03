using Kompeten.Web.Data;
using Kompeten.Web.Features.Training;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Dashboard;

/// <summary>
/// Workshop history for the dashboard dataset, per province: programmes with RAB and realisation lines,
/// batches that ended long ago, recently, were cancelled, have no sessions or are still ahead; participants
/// in every status (people may attend several batches), attendance scans around the attendance rule,
/// and pre/post-test scores (some people with only one of them). Deterministic (seeded).
/// </summary>
public static class TrainingSeed
{
    public static async Task SeedAsync(AppDbContext db, string province, DateOnly today, int seed)
    {
        var random = new Random(seed);
        var people = await db.People.AsNoTracking().Where(p => p.ProvinceCode == province).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.RegencyCode }).ToListAsync();
        var now = DateTimeOffset.UtcNow;
        // Current year on DAK Non Fisik (the budget test of certification fees reads APBD Provinsi of this year).
        var programmes = new[]
        {
            new Programme { Name = $"Bimtek Literasi {province} {today.Year - 1}", Year = today.Year - 1, Funding = FundingSource.ApbdProvinsi, ProvinceCode = province },
            new Programme { Name = $"Bimtek Sertifikasi {province} {today.Year}", Year = today.Year, Funding = FundingSource.DakNonFisik, ProvinceCode = province },
        };
        foreach (var p in programmes)
        {
            p.BudgetLines.Add(new BudgetLine { Kind = BudgetLineKind.Plan, SortOrder = 1, Item = "Konsumsi", Volume = 100 + random.Next(50), Unit = "OK", UnitCost = 150_000 });
            p.BudgetLines.Add(new BudgetLine { Kind = BudgetLineKind.Plan, SortOrder = 2, Item = "Narasumber", Volume = 6, Unit = "OJ", UnitCost = 900_000 });
            p.BudgetLines.Add(new BudgetLine { Kind = BudgetLineKind.Plan, SortOrder = 3, Item = "Transport", Volume = 100, Unit = "OK", UnitCost = 250_000 + random.Next(5) * 10_000 });
            p.BudgetLines.Add(new BudgetLine { Kind = BudgetLineKind.Realisation, SortOrder = 1, Item = "Konsumsi", Volume = 90 + random.Next(20), Unit = "OK", UnitCost = 150_000 });
            p.BudgetLines.Add(new BudgetLine { Kind = BudgetLineKind.Realisation, SortOrder = 2, Item = "Narasumber", Volume = 6, Unit = "OJ", UnitCost = 900_000 });
        }
        db.Programmes.AddRange(programmes);
        await db.SaveChangesAsync();

        // (programme, start offset in days from today, status, sessions)
        var plans = new (Programme Programme, int StartIn, BatchStatus Status, int Sessions)[]
        {
            (programmes[0], -600, BatchStatus.Completed, 5),
            (programmes[0], -420, BatchStatus.Completed, 4),
            (programmes[1], -60, BatchStatus.Completed, 5),
            (programmes[1], -30, BatchStatus.Cancelled, 5),
            (programmes[1], -20, BatchStatus.Completed, 0),
            (programmes[1], -1, BatchStatus.Closed, 3),
            (programmes[1], 40, BatchStatus.Open, 4),
        };
        var number = new Dictionary<int, int>();
        foreach (var (programme, startIn, status, sessionCount) in plans)
        {
            number[programme.Id] = number.GetValueOrDefault(programme.Id) + 1;
            var start = today.AddDays(startIn);
            var batch = new Batch
            {
                ProgrammeId = programme.Id, ProvinceCode = province, Number = number[programme.Id], StartDate = start, EndDate = start.AddDays(2),
                Venue = "Aula Uji", Status = status, AttendanceRulePercent = 80, CreatedAt = now, UpdatedAt = now,
            };
            for (var s = 0; s < sessionCount; s++)
            {
                batch.Sessions.Add(new Session { SortOrder = s + 1, Title = $"Sesi {s + 1}", Date = start.AddDays(s % 3), StartTime = new TimeOnly(8, 0), EndTime = new TimeOnly(10, 0), LessonHours = 2 });
            }
            db.Batches.Add(batch);
            await db.SaveChangesAsync();

            var chosen = people.OrderBy(_ => random.Next()).Take(Math.Min(45, people.Count)).ToList();
            var participants = chosen.Select(p => new Participant
            {
                BatchId = batch.Id, PersonId = p.Id, RegencyCode = p.RegencyCode, ProvinceCode = province, Source = ParticipantSource.Admin,
                Status = random.Next(10) switch { < 7 => ParticipantStatus.Approved, 7 => ParticipantStatus.Withdrawn, 8 => ParticipantStatus.Declined, _ => ParticipantStatus.Nominated },
                QrToken = Participant.NewToken(), CreatedAt = now,
            }).ToList();
            db.Participants.AddRange(participants);
            await db.SaveChangesAsync();

            var sessions = batch.Sessions.OrderBy(s => s.SortOrder).ToList();
            foreach (var participant in participants)
            {
                var attended = random.Next(sessions.Count + 1);
                foreach (var session in sessions.Take(attended))
                {
                    db.AttendanceScans.Add(new AttendanceScan
                    {
                        SessionId = session.Id, ParticipantId = participant.Id, IdempotencyKey = Guid.NewGuid(), ScannedAt = now, ReceivedAt = now, Method = AttendanceMethod.Qr,
                    });
                }
                if (random.Next(10) < 8) db.TestSubmissions.Add(Score(participant.Id, TestKind.Pre, random.Next(2000, 7000) / 100m, now));
                if (random.Next(10) < 8) db.TestSubmissions.Add(Score(participant.Id, TestKind.Post, random.Next(4000, 10000) / 100m, now));
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    private static TestSubmission Score(int participantId, TestKind kind, decimal score, DateTimeOffset at) =>
        new() { ParticipantId = participantId, Kind = kind, Source = TestSource.Entered, Score = score, SubmittedAt = at };
}
