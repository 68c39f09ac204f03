using Kompeten.Tests.Support;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Training;

namespace Kompeten.Tests.Training;

/// <summary>Past workshops written straight into the database: a batch on a given date, participants with scans and certificates.</summary>
public static class WorkshopHistory
{
    private static int _programmes;

    /// <summary>A programme with one batch of <paramref name="sessions"/> sessions starting on <paramref name="start"/>; returns the batch id.</summary>
    public static Task<int> BatchAsync(KompetenFactory app, DateOnly start, bool qualifying, string? name = null, int sessions = 5, int rule = 80, string province = "63") =>
        app.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var batch = new Batch
            {
                Programme = new Programme
                {
                    Name = name ?? $"Bimtek Pengelolaan Perpustakaan {start.Year}-{Interlocked.Increment(ref _programmes)}",
                    Year = start.Year,
                    Funding = FundingSource.DakNonFisik,
                    QualifiesAsTrainingCertificate = qualifying,
                    ProvinceCode = province,
                    CreatedAt = now,
                    UpdatedAt = now,
                },
                Number = 1,
                ProvinceCode = province,
                StartDate = start,
                EndDate = start.AddDays(2),
                Venue = "Aula Dispersip Kalsel, Banjarbaru",
                LessonHours = 30,
                AttendanceRulePercent = rule,
                Status = BatchStatus.Closed,
                CreatedAt = now,
                UpdatedAt = now,
            };
            for (var i = 1; i <= sessions; i++)
            {
                batch.Sessions.Add(new Session
                {
                    SortOrder = i, Title = $"Sesi {i}", Date = start.AddDays((i - 1) / 2),
                    StartTime = new TimeOnly(8, 0), EndTime = new TimeOnly(10, 0), LessonHours = 6,
                });
            }
            db.Batches.Add(batch);
            await db.SaveChangesAsync();
            return batch.Id;
        });

    /// <summary>The person joins the batch with the status, attends the first <paramref name="attended"/> sessions and optionally holds a certificate of attendance.</summary>
    public static Task<int> ParticipantAsync(KompetenFactory app, int batchId, Person person, int attended,
        ParticipantStatus status = ParticipantStatus.Approved, bool certificate = false, bool revoked = false) =>
        app.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var participant = new Participant
            {
                BatchId = batchId, PersonId = person.Id, RegencyCode = person.RegencyCode, ProvinceCode = person.ProvinceCode,
                Source = ParticipantSource.Admin, Status = status, QrToken = Participant.NewToken(), CreatedAt = now,
            };
            db.Participants.Add(participant);
            await db.SaveChangesAsync();
            var sessions = db.Sessions.Where(s => s.BatchId == batchId).OrderBy(s => s.SortOrder).Select(s => s.Id).Take(attended).ToList();
            foreach (var sessionId in sessions)
            {
                db.AttendanceScans.Add(new AttendanceScan
                {
                    SessionId = sessionId, ParticipantId = participant.Id, IdempotencyKey = Guid.NewGuid(),
                    ScannedAt = now, ReceivedAt = now, Method = AttendanceMethod.Manual, ManualReason = "uji",
                });
            }
            if (certificate)
            {
                db.AttendanceCertificates.Add(new AttendanceCertificate
                {
                    ParticipantId = participant.Id, BatchId = batchId, Sequence = participant.Id,
                    Number = $"UJI/{batchId}/{participant.Id}", VerificationCode = Participant.NewToken("V"), IssuedAt = now,
                    RevokedAt = revoked ? now : null, RevokedReason = revoked ? "Data kehadiran keliru" : null,
                });
            }
            await db.SaveChangesAsync();
            return participant.Id;
        });
}
