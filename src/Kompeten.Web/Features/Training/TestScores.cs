using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Kompeten.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>Pre-test and post-test scores of a batch: taken online, entered or imported by the committee; learning gain.</summary>
public sealed class TestScores(AppDbContext db, TimeProvider clock, IHttpContextAccessor? http = null)
{
    public sealed record ParticipantScore(int ParticipantId, string Name, string RegencyCode, decimal? Pre, decimal? Post)
    {
        public decimal? Gain => Pre is { } pre && Post is { } post ? post - pre : null;
    }

    public sealed record BatchScores(List<ParticipantScore> Rows)
    {
        public decimal? AveragePre => Average(Rows.Select(r => r.Pre));
        public decimal? AveragePost => Average(Rows.Select(r => r.Post));

        /// <summary>Average gain of those who took both tests (not the difference of the averages).</summary>
        public decimal? AverageGain => Average(Rows.Select(r => r.Gain));
        public int Improved => Rows.Count(r => r.Gain > 0);

        private static decimal? Average(IEnumerable<decimal?> values)
        {
            var list = values.Where(v => v is not null).Select(v => v!.Value).ToList();
            return list.Count == 0 ? null : Math.Round(list.Average(), 2);
        }
    }

    public async Task<BatchScores> ForBatchAsync(int batchId, CancellationToken ct = default)
    {
        var rows = await db.Participants.AsNoTracking().Where(p => p.BatchId == batchId && Participant.ActiveStatuses.Contains(p.Status))
            .OrderBy(p => p.Person!.FullName)
            .Select(p => new ParticipantScore(p.Id, p.Person!.FullName, p.RegencyCode,
                db.TestSubmissions.Where(t => t.ParticipantId == p.Id && t.Kind == TestKind.Pre).Select(t => (decimal?)t.Score).FirstOrDefault(),
                db.TestSubmissions.Where(t => t.ParticipantId == p.Id && t.Kind == TestKind.Post).Select(t => (decimal?)t.Score).FirstOrDefault()))
            .ToListAsync(ct);
        return new BatchScores(rows);
    }

    /// <summary>Grades an online test. A test is taken once; the committee can still correct the score.</summary>
    public async Task<(decimal? Score, string? Problem)> SubmitOnlineAsync(int participantId, TestKind kind, IReadOnlyDictionary<int, string> answers, CancellationToken ct = default)
    {
        var participant = await db.Participants.AsNoTracking().FirstOrDefaultAsync(p => p.Id == participantId, ct);
        if (participant is null || !participant.HoldsSeat) return (null, "Hanya peserta aktif yang dapat mengerjakan tes.");
        var questions = await db.TestQuestions.AsNoTracking().Where(q => q.BatchId == participant.BatchId).ToListAsync(ct);
        if (questions.Count == 0) return (null, "Panitia belum menyiapkan soal untuk angkatan ini.");
        if (await db.TestSubmissions.AnyAsync(t => t.ParticipantId == participantId && t.Kind == kind, ct))
        {
            return (null, $"{EnumLabels.Of(kind)} sudah Anda kerjakan; setiap tes hanya sekali.");
        }
        var unanswered = questions.Count(q => !answers.ContainsKey(q.Id));
        if (unanswered > 0) return (null, $"Masih ada {unanswered} soal yang belum dijawab; jawab semua soal lalu kirim lagi.");
        var score = TestSubmission.Grade(questions, answers);
        db.TestSubmissions.Add(new TestSubmission
        {
            ParticipantId = participantId, Kind = kind, Source = TestSource.Online, Score = score,
            Answers = JsonSerializer.Serialize(answers.ToDictionary(a => a.Key.ToString(CultureInfo.InvariantCulture), a => a.Value)),
            SubmittedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return (null, $"{EnumLabels.Of(kind)} sudah Anda kerjakan; setiap tes hanya sekali.");
        }
        return (score, null);
    }

    /// <summary>Sets (or clears, with null) a score the committee entered or imported.</summary>
    public async Task<string?> SetScoreAsync(int batchId, int participantId, TestKind kind, decimal? score, TestSource source, CancellationToken ct = default)
    {
        if (score is < 0 or > 100) return "Nilai harus antara 0 dan 100.";
        if (!await db.Participants.AnyAsync(p => p.Id == participantId && p.BatchId == batchId, ct)) return "Peserta tidak ditemukan di angkatan ini.";
        var row = await db.TestSubmissions.FirstOrDefaultAsync(t => t.ParticipantId == participantId && t.Kind == kind, ct);
        if (score is null)
        {
            if (row is not null) db.TestSubmissions.Remove(row);
        }
        else if (row is null)
        {
            db.TestSubmissions.Add(new TestSubmission { ParticipantId = participantId, Kind = kind, Source = source, Score = score.Value, SubmittedAt = clock.GetUtcNow(), EnteredBy = http?.HttpContext?.User.Identity?.Name });
        }
        else if (row.Score != score)
        {
            row.Score = score.Value;
            row.Source = source;
            row.EnteredBy = http?.HttpContext?.User.Identity?.Name;
        }
        await db.SaveChangesAsync(ct);
        return null;
    }

    public sealed record ImportResult(int Rows, int Saved, List<string> Problems);

    /// <summary>
    /// CSV with a header: <c>kode</c> (the participant's QR code) and <c>pre</c> and/or <c>post</c>
    /// (0–100, comma or dot decimals). Separator ; or , is detected.
    /// </summary>
    public async Task<ImportResult> ImportCsvAsync(int batchId, Stream csv, CancellationToken ct = default)
    {
        using var reader = new StreamReader(csv);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(), MissingFieldFound = null, BadDataFound = null };
        using var parser = new CsvReader(reader, config);
        var problems = new List<string>();
        if (!await parser.ReadAsync() || !parser.ReadHeader())
        {
            return new ImportResult(0, 0, ["Berkas kosong. Baris pertama harus berisi judul kolom: kode;pre;post"]);
        }
        var headers = parser.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (!headers.Contains("kode")) return new ImportResult(0, 0, ["Kolom \"kode\" (kode QR peserta) tidak ada. Judul kolom yang dikenali: kode;pre;post"]);
        var tokens = await db.Participants.Where(p => p.BatchId == batchId).ToDictionaryAsync(p => p.QrToken, p => p.Id, ct);
        int rows = 0, saved = 0;
        while (await parser.ReadAsync())
        {
            rows++;
            var line = parser.Parser.Row;
            var code = AttendanceBook.NormalizeCode(parser.GetField("kode"));
            if (code is null || !tokens.TryGetValue(code, out var participantId))
            {
                problems.Add($"Baris {line}: kode \"{parser.GetField("kode")}\" bukan peserta angkatan ini.");
                continue;
            }
            foreach (var (column, kind) in new[] { ("pre", TestKind.Pre), ("post", TestKind.Post) })
            {
                if (!headers.Contains(column)) continue;
                var text = parser.GetField(column)?.Trim();
                if (string.IsNullOrEmpty(text)) continue;
                if (!decimal.TryParse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var score))
                {
                    problems.Add($"Baris {line}: nilai {column} \"{text}\" bukan angka.");
                    continue;
                }
                var problem = await SetScoreAsync(batchId, participantId, kind, score, TestSource.Imported, ct);
                if (problem is null) saved++;
                else problems.Add($"Baris {line}: {problem}");
            }
        }
        return new ImportResult(rows, saved, problems);
    }
}
