using System.Globalization;
using System.Text.Json;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Infrastructure;
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

    private const string OutOfRange = "Nilai harus antara 0 dan 100.";

    /// <summary>Sets (or clears, with null) a score the committee entered or imported.</summary>
    public async Task<string?> SetScoreAsync(int batchId, int participantId, TestKind kind, decimal? score, TestSource source, CancellationToken ct = default)
    {
        if (score is < 0 or > 100) return OutOfRange;
        if (!await db.Participants.AnyAsync(p => p.Id == participantId && p.BatchId == batchId, ct)) return "Peserta tidak ditemukan di angkatan ini.";
        var row = await db.TestSubmissions.FirstOrDefaultAsync(t => t.ParticipantId == participantId && t.Kind == kind, ct);
        Apply(row, participantId, kind, score, source);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Stages the change to <paramref name="row"/> (the participant's current score of this kind, if any); returns the row that now holds the score.</summary>
    private TestSubmission? Apply(TestSubmission? row, int participantId, TestKind kind, decimal? score, TestSource source)
    {
        if (score is null)
        {
            if (row is not null) db.TestSubmissions.Remove(row);
            return null;
        }
        if (row is null)
        {
            return db.TestSubmissions.Add(new TestSubmission { ParticipantId = participantId, Kind = kind, Source = source, Score = score.Value, SubmittedAt = clock.GetUtcNow(), EnteredBy = http?.HttpContext?.User.Identity?.Name }).Entity;
        }
        if (row.Score != score)
        {
            row.Score = score.Value;
            row.Source = source;
            row.EnteredBy = http?.HttpContext?.User.Identity?.Name;
        }
        return row;
    }

    public sealed record ImportResult(int Rows, int Saved, List<string> Problems)
    {
        /// <summary>The HTTP status of a file refused before any score was saved (its one problem says why): 413 over the size limit, else 400.</summary>
        public int? RefusedWith { get; init; }
    }

    private static ImportResult Refused(string message, int status = StatusCodes.Status400BadRequest) => new(0, 0, [message]) { RefusedWith = status };

    /// <summary>
    /// A sheet (.xlsx, .xls or .csv, read by <see cref="TabularFile"/> within <paramref name="limits"/>) whose
    /// first non-empty row is the header: <c>kode</c> (the participant's QR code) and <c>pre</c> and/or
    /// <c>post</c> (0–100, comma or dot decimals). Rows with a problem are reported by their row number;
    /// the others are saved.
    /// </summary>
    public async Task<ImportResult> ImportAsync(int batchId, Stream file, string fileName, TabularLimits limits, CancellationToken ct = default)
    {
        ImportSheet sheet;
        try
        {
            sheet = ImportSheet.Read(file, fileName, limits); // read whole before saving anything: a file over the row limit saves nothing
        }
        catch (TabularFileException e)
        {
            return Refused(e.Message, e.StatusCode);
        }
        if (sheet.HeaderRow == 0) return Refused("Berkas tidak berisi baris apa pun. Baris pertama harus berisi judul kolom: kode, pre, post.");
        var columns = sheet.Headers.Select((h, i) => (Name: h.ToLowerInvariant(), Index: i))
            .Where(c => c.Name is "kode" or "pre" or "post").DistinctBy(c => c.Name).ToDictionary(c => c.Name, c => c.Index);
        if (!columns.TryGetValue("kode", out var codeColumn))
        {
            return Refused($"Kolom \"kode\" (kode QR peserta) tidak ada di baris judul (baris {sheet.HeaderRow}). Judul kolom yang dikenali: kode, pre, post.");
        }

        var tokens = await db.Participants.Where(p => p.BatchId == batchId).ToDictionaryAsync(p => p.QrToken, p => p.Id, ct);
        // The batch's scores are loaded once and saved once, not looked up and saved per cell.
        var ids = tokens.Values.ToList();
        var current = await db.TestSubmissions.Where(t => ids.Contains(t.ParticipantId)).ToDictionaryAsync(t => (t.ParticipantId, t.Kind), ct);
        var problems = new List<string>();
        int rows = 0, saved = 0;
        foreach (var row in sheet.Rows)
        {
            rows++;
            var line = row.Number;
            var code = AttendanceBook.NormalizeCode(row[codeColumn].Text);
            if (code is null || !tokens.TryGetValue(code, out var participantId))
            {
                problems.Add($"Baris {line}: kode \"{row[codeColumn].Text}\" bukan peserta angkatan ini.");
                continue;
            }
            foreach (var (column, kind) in new[] { ("pre", TestKind.Pre), ("post", TestKind.Post) })
            {
                if (!columns.TryGetValue(column, out var index)) continue;
                var text = row[index].Text;
                if (string.IsNullOrEmpty(text)) continue;
                if (!decimal.TryParse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var score))
                {
                    problems.Add($"Baris {line}: nilai {column} \"{text}\" bukan angka.");
                    continue;
                }
                if (score is < 0 or > 100)
                {
                    problems.Add($"Baris {line}: {OutOfRange}");
                    continue;
                }
                current[(participantId, kind)] = Apply(current.GetValueOrDefault((participantId, kind)), participantId, kind, score, TestSource.Imported)!;
                saved++;
            }
        }
        await db.SaveChangesAsync(ct);
        return new ImportResult(rows, saved, problems);
    }
}
