using System.Net;
using System.Text;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// The activity report (laporan kegiatan) of a batch — background, participants per regency
/// against quota, attendance per session, pre/post results, speakers, budget realisation — as PDF
/// and xlsx from the same figures; and the participant list as xlsx.
/// </summary>
public sealed class ActivityReport(AppDbContext db, AttendanceBook attendance, TestScores scores, PdfRenderer pdf, IOptions<TrainingOptions> options)
{
    /// <summary>Quota as planned (seats kept plus seats released to the pool).</summary>
    public sealed record RegencyRow(string Code, string Name, int Quota, int Released, int Participants, int MetRule, int Certificates);
    public sealed record SessionRow(string Title, string? Speaker, DateOnly Date, TimeOnly Start, TimeOnly End, int LessonHours, int Present, int Participants)
    {
        public decimal Percent => Participants == 0 ? 0 : Math.Round(100m * Present / Participants, 1);
    }
    public sealed record BudgetRow(string Item, decimal Volume, string Unit, decimal UnitCost, decimal Total);

    public sealed record Data(Batch Batch, Programme Programme, string Province, List<RegencyRow> Regencies, List<SessionRow> Sessions,
        TestScores.BatchScores Scores, List<BudgetRow> Plan, List<BudgetRow> Realisation, int Participants, int MetRule, int Certificates)
    {
        /// <summary>The pool as planned, before regencies' unused seats were released into it.</summary>
        public int OriginalPool => Batch.PoolSeats - Regencies.Sum(r => r.Released);
        public decimal PlanTotal => Plan.Sum(p => p.Total);
        public decimal RealisationTotal => Realisation.Sum(p => p.Total);
        public decimal? RealisationPercent => PlanTotal == 0 ? null : Math.Round(100m * RealisationTotal / PlanTotal, 1);
        public decimal AttendanceRate => Sessions.Sum(s => s.Participants) == 0 ? 0 : Math.Round(100m * Sessions.Sum(s => s.Present) / Sessions.Sum(s => s.Participants), 1);
    }

    public async Task<Data?> LoadAsync(int batchId, CancellationToken ct = default)
    {
        var batch = await db.Batches.AsNoTracking().Include(b => b.Programme).FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return null;
        var summary = await attendance.SummaryAsync(batchId, ct);
        var certificates = await db.AttendanceCertificates.AsNoTracking().Where(c => c.BatchId == batchId && c.RevokedAt == null)
            .Select(c => c.Participant!.RegencyCode).ToListAsync(ct);
        var quotas = await db.BatchQuotas.AsNoTracking().Where(q => q.BatchId == batchId).ToDictionaryAsync(q => q.RegencyCode, ct);
        var regencyNames = await db.Regions.AsNoTracking().Where(r => r.ParentCode == batch.ProvinceCode && r.Level == RegionLevel.Regency).OrderBy(r => r.Code)
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var regencies = regencyNames.Select(r => new RegencyRow(r.Key, r.Value,
                quotas.TryGetValue(r.Key, out var q) ? q.Seats + q.Released : 0, q?.Released ?? 0,
                summary.Count(s => s.RegencyCode == r.Key), summary.Count(s => s.RegencyCode == r.Key && s.MeetsRule), certificates.Count(c => c == r.Key)))
            .Where(r => r.Quota > 0 || r.Participants > 0).ToList();
        var participants = summary.Count;
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.BatchId == batchId).OrderBy(s => s.SortOrder)
            .Select(s => new SessionRow(s.Title, s.Speaker, s.Date, s.StartTime, s.EndTime, s.LessonHours, db.AttendanceScans.Count(a => a.SessionId == s.Id), participants))
            .ToListAsync(ct);
        var lines = await db.BudgetLines.AsNoTracking().Where(l => l.ProgrammeId == batch.ProgrammeId).OrderBy(l => l.SortOrder).ToListAsync(ct);
        BudgetRow Row(BudgetLine l) => new(l.Item, l.Volume, l.Unit, l.UnitCost, l.Total);
        var province = DocumentParts.Title(await DocumentParts.ProvinceNameAsync(db, batch.ProvinceCode));
        return new Data(batch, batch.Programme!, province, regencies, sessions, await scores.ForBatchAsync(batchId, ct),
            lines.Where(l => l.Kind == BudgetLineKind.Plan).Select(Row).ToList(), lines.Where(l => l.Kind == BudgetLineKind.Realisation).Select(Row).ToList(),
            participants, summary.Count(s => s.MeetsRule), certificates.Count);
    }

    public byte[] Xlsx(Data d)
    {
        var b = d.Batch;
        return XlsxWriter.ToBytes(x =>
        {
            x.AddSheet("Ringkasan", [new("Laporan kegiatan", 30), new($"{d.Programme.Name} – {b.Name}", 60)],
            [
                ["Tanggal", TrainingScope.DateRange(b.StartDate, b.EndDate)],
                ["Tempat", b.Venue],
                ["Sumber dana", EnumLabels.Of(d.Programme.Funding) + (d.Programme.FundingMenu is null ? "" : " – " + d.Programme.FundingMenu)],
                ["Jam pelajaran (JP)", b.LessonHours],
                ["Kapasitas", b.Capacity],
                ["Peserta", d.Participants],
                ["Memenuhi syarat kehadiran", d.MetRule],
                ["Sertifikat terbit", d.Certificates],
                ["Tingkat kehadiran (%)", d.AttendanceRate],
                ["Rata-rata pre-test", d.Scores.AveragePre],
                ["Rata-rata post-test", d.Scores.AveragePost],
                ["Rata-rata peningkatan", d.Scores.AverageGain],
                ["Total RAB (Rp)", d.PlanTotal],
                ["Total realisasi (Rp)", d.RealisationTotal],
                ["Latar belakang", d.Programme.Background],
            ]);
            x.AddSheet("Peserta per kab-kota", XlsxColumn.Fitting(["Kode", "Kabupaten/Kota", "Kuota", "Peserta", "Memenuhi syarat hadir", "Sertifikat"]),
            [
                .. d.Regencies.Select(r => (IReadOnlyList<object?>)[r.Code, r.Name, r.Quota, r.Participants, r.MetRule, r.Certificates]),
                ["", "Kuota umum", d.OriginalPool],
                new XlsxBoldRow("", "Jumlah", d.Regencies.Sum(r => r.Quota) + d.OriginalPool, d.Participants, d.MetRule, d.Certificates),
            ]);
            x.AddSheet("Kehadiran per sesi", XlsxColumn.Fitting(["Sesi", "Narasumber", "Tanggal", "Waktu", "JP", "Hadir", "Peserta", "Persentase"]),
                d.Sessions.Select(s => (IReadOnlyList<object?>)
                    [s.Title, s.Speaker, TrainingScope.Date(s.Date), $"{s.Start:HH\\:mm}–{s.End:HH\\:mm}", s.LessonHours, s.Present, s.Participants, s.Percent]));
            x.AddSheet("Pre-post test", XlsxColumn.Fitting(["Peserta", "Kab/Kota", "Pre-test", "Post-test", "Peningkatan"]),
            [
                .. d.Scores.Rows.Select(s => (IReadOnlyList<object?>)[s.Name, s.RegencyCode, s.Pre, s.Post, s.Gain]),
                new XlsxBoldRow("Rata-rata", "", d.Scores.AveragePre, d.Scores.AveragePost, d.Scores.AverageGain),
            ]);
            x.AddSheet("Anggaran", XlsxColumn.Fitting(["Jenis", "Uraian", "Volume", "Satuan", "Harga satuan", "Jumlah"]),
            [
                .. d.Plan.Select(l => (IReadOnlyList<object?>)["RAB", l.Item, l.Volume, l.Unit, l.UnitCost, l.Total]),
                new XlsxBoldRow("RAB", "Total RAB", null, null, null, d.PlanTotal),
                .. d.Realisation.Select(l => (IReadOnlyList<object?>)["Realisasi", l.Item, l.Volume, l.Unit, l.UnitCost, l.Total]),
                new XlsxBoldRow("Realisasi", "Total realisasi", null, null, null, d.RealisationTotal),
            ]);
        });
    }

    public async Task<byte[]> PdfAsync(Data d, CancellationToken ct = default)
    {
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        string N(decimal? v) => v is { } x ? TrainingScope.Number(x) : "—";
        var b = d.Batch;
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><style>
            @page { size: A4 portrait; margin: 16mm 14mm; }
            {{DocumentParts.BaseCss}}
            h1 { font-size: 15pt; text-align: center; margin: 0 0 2px; } h2 { font-size: 12pt; margin: 14px 0 4px; }
            p { text-align: justify; line-height: 1.4; margin: 4px 0; } td.n, th.n { text-align: right; } tr { break-inside: avoid; }
            </style></head><body>
            {{DocumentParts.Letterhead(d.Province, options.Value.AgencyName)}}
            <h1>LAPORAN KEGIATAN</h1>
            <div class="center">{{H(d.Programme.Name)}} – {{H(b.Name)}}<br>{{TrainingScope.DateRange(b.StartDate, b.EndDate)}}, {{H(b.Venue)}}</div>
            <h2>A. Latar belakang</h2><p>{{H(d.Programme.Background ?? "—")}}</p>
            <h2>B. Tujuan</h2><p>{{H(d.Programme.Purpose ?? "—")}}</p>
            <h2>C. Pelaksanaan</h2>
            <p>Kegiatan berlangsung {{b.LessonHours}} JP dengan {{d.Sessions.Count}} sesi, diikuti {{d.Participants}} peserta dari kapasitas {{b.Capacity}} kursi.
            Tingkat kehadiran rata-rata {{N(d.AttendanceRate)}}%; {{d.MetRule}} peserta memenuhi syarat kehadiran ({{b.AttendanceRulePercent}}%) dan {{d.Certificates}} sertifikat diterbitkan.
            Sumber dana: {{H(EnumLabels.Of(d.Programme.Funding))}}{{(d.Programme.FundingMenu is null ? "" : " – " + H(d.Programme.FundingMenu))}}.</p>
            <h2>D. Peserta per kabupaten/kota</h2>
            <table><thead><tr><th>Kabupaten/Kota</th><th class="n">Kuota</th><th class="n">Peserta</th><th class="n">Memenuhi syarat</th><th class="n">Sertifikat</th></tr></thead><tbody>
            """);
        foreach (var r in d.Regencies) html.Append($"<tr><td>{H(r.Name)}</td><td class=\"n\">{r.Quota}</td><td class=\"n\">{r.Participants}</td><td class=\"n\">{r.MetRule}</td><td class=\"n\">{r.Certificates}</td></tr>");
        html.Append($"<tr><td>Kuota umum{(b.PoolLabel is null ? "" : " (" + H(b.PoolLabel) + ")")}</td><td class=\"n\">{d.OriginalPool}</td><td></td><td></td><td></td></tr>");
        html.Append($"<tr><th>Jumlah</th><th class=\"n\">{d.Regencies.Sum(r => r.Quota) + d.OriginalPool}</th><th class=\"n\">{d.Participants}</th><th class=\"n\">{d.MetRule}</th><th class=\"n\">{d.Certificates}</th></tr></tbody></table>");
        html.Append("<h2>E. Kehadiran per sesi dan narasumber</h2><table><thead><tr><th>Sesi</th><th>Narasumber</th><th>Waktu</th><th class=\"n\">JP</th><th class=\"n\">Hadir</th><th class=\"n\">%</th></tr></thead><tbody>");
        foreach (var s in d.Sessions) html.Append($"<tr><td>{H(s.Title)}</td><td>{H(s.Speaker)}</td><td class=\"small\">{TrainingScope.Date(s.Date)} {s.Start:HH\\:mm}–{s.End:HH\\:mm}</td><td class=\"n\">{s.LessonHours}</td><td class=\"n\">{s.Present}/{s.Participants}</td><td class=\"n\">{N(s.Percent)}</td></tr>");
        html.Append($"""
            </tbody></table>
            <h2>F. Hasil pre-test dan post-test</h2>
            <p>Rata-rata pre-test {N(d.Scores.AveragePre)}, post-test {N(d.Scores.AveragePost)}; rata-rata peningkatan {N(d.Scores.AverageGain)} poin; {d.Scores.Improved} peserta meningkat.</p>
            <h2>G. Realisasi anggaran</h2>
            <table><thead><tr><th>Uraian</th><th class="n">Volume</th><th>Satuan</th><th class="n">Harga satuan</th><th class="n">Jumlah</th></tr></thead><tbody>
            """);
        foreach (var l in d.Realisation) html.Append($"<tr><td>{H(l.Item)}</td><td class=\"n\">{TrainingScope.Number(l.Volume)}</td><td>{H(l.Unit)}</td><td class=\"n\">{TrainingScope.Rupiah(l.UnitCost)}</td><td class=\"n\">{TrainingScope.Rupiah(l.Total)}</td></tr>");
        html.Append($"""
            <tr><th colspan="4">Total realisasi</th><th class="n">{TrainingScope.Rupiah(d.RealisationTotal)}</th></tr>
            <tr><td colspan="4">Total RAB</td><td class="n">{TrainingScope.Rupiah(d.PlanTotal)}</td></tr>
            <tr><td colspan="4">Persentase realisasi</td><td class="n">{N(d.RealisationPercent)}%</td></tr></tbody></table>
            </body></html>
            """);
        return await pdf.RenderAsync(html.ToString(), PageOrientation.Portrait, ct);
    }

    /// <summary>The participant list of a batch in the user's scope, with the QR codes the score import expects.</summary>
    public async Task<byte[]> ParticipantListXlsxAsync(int batchId, UserScope scope, CancellationToken ct = default)
    {
        var rows = await db.Participants.AsNoTracking().InScope(scope).Where(p => p.BatchId == batchId)
            .OrderBy(p => p.RegencyCode).ThenBy(p => p.Person!.FullName)
            .Select(p => new
            {
                p.Person!.FullName, p.Person.Nip, p.Person.NikMasked, p.Person.Sex, Library = p.Person.Library != null ? p.Person.Library.Name : null,
                p.RegencyCode, Regency = p.Person.Regency!.Name, p.Source, p.Status, p.QrToken,
            })
            .ToListAsync(ct);
        var columns = XlsxColumn.Fitting(["No", "Nama", "NIP", "NIK (disamarkan)", "Jenis kelamin", "Instansi", "Kode wilayah", "Kabupaten/Kota", "Sumber", "Status", "kode"]);
        var n = 0;
        return XlsxWriter.ToBytes(x => x.AddSheet("Peserta", columns, rows.Select(r => (IReadOnlyList<object?>)
            [++n, r.FullName, r.Nip, r.NikMasked, r.Sex == Sex.Female ? "Perempuan" : "Laki-laki", r.Library, r.RegencyCode, r.Regency, EnumLabels.Of(r.Source), EnumLabels.Of(r.Status), r.QrToken])));
    }
}
