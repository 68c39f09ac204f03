using System.Globalization;
using System.Net;
using System.Text;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Web.Features.Planning;

/// <summary>The planner's answer as a report: inputs and assumptions next to the projection, what is missing and the quotas.</summary>
public static class PlanReport
{
    private static readonly CultureInfo Id = CultureInfo.GetCultureInfo("id-ID");

    public static string FileName(PlanningBasis b, string extension) => $"rencana-sertifikasi-{b.Area.Code.Replace('.', '-')}-{b.Today:yyyyMMdd}.{extension}";

    private static IEnumerable<(string, string)> Inputs(PlannerInput i) =>
    [
        ("Target", Planner.TargetText(i)),
        ("Tahun awal", i.StartYear.ToString(CultureInfo.InvariantCulture)),
        ("Sudah tercapai", i.AlreadyAchieved.ToString("N0", Id)),
        ("Anggaran per tahun", Rupiah.Full(i.BudgetPerYear)),
        ("Biaya sertifikasi per kandidat", Rupiah.Full(i.FeePerCandidate)),
        ("Biaya workshop per peserta", Rupiah.Full(i.CostPerWorkshopParticipant)),
        ("Kandidat yang ikut workshop", (100 * i.WorkshopShare).ToString("0.#", Id) + "%"),
        ("Pendamping × kapasitas × putaran", $"{i.Mentors} × {i.MentorCapacity} × {i.MentoringRoundsPerYear}"),
        ("Tingkat kelulusan", (100 * i.PassRate).ToString("0.#", Id) + "%"),
        ("Kursi angkatan berikutnya", i.BatchSeats.ToString("N0", Id)),
    ];

    public static byte[] Xlsx(PlanningBasis b, PlanResult p, IEnumerable<string> defaultsUsed) => XlsxWriter.ToBytes(x =>
    {
        x.AddSheet("Jawaban", XlsxColumn.Fitting(["Hal", "Nilai"]),
            new List<IReadOnlyList<object?>> { new object?[] { "Kesimpulan", p.Verdict } }
                .Concat(p.Missing.Select(m => (IReadOnlyList<object?>)["Kurang", m.Text]))
                .Concat(Inputs(p.Input).Select(i => (IReadOnlyList<object?>)["Masukan: " + i.Item1, i.Item2]))
                .Concat(defaultsUsed.Concat(p.Assumptions).Select(a => (IReadOnlyList<object?>)["Asumsi", a])),
            title: $"Rencana sertifikasi {b.Area.Name} — {p.Verdict}");
        x.AddSheet("Proyeksi", XlsxColumn.Fitting(["Tahun", "Kandidat", "Baru bersertifikat", "Berakhir", "Bersertifikat", "% bersertifikat", "Menuju target", "Target", "Pembatas"]),
            p.Years.Select(y => (IReadOnlyList<object?>)[y.Year, y.Candidates, y.NewlyCertified, y.Lapsed, y.Certified, Math.Round(y.PercentCertified, 1), y.CountedTowardTarget, p.Goal, Limit(y.Limit)]),
            title: $"Proyeksi per tahun — {b.Area.Name}");
        x.AddSheet("Per wilayah", XlsxColumn.Fitting(
            [b.Area.RowLabel, "Kode", "Tenaga", "Bersertifikat kini", "Calon memenuhi syarat", "Siap", "Kuota angkatan", $"Sertifikasi dibiayai {p.Years[0].Year}",
             .. p.Years.Select(y => $"Bersertifikat {y.Year}")]),
            p.Regions.Select(r =>
            {
                var region = b.Regions.First(x => x.Code == r.Code);
                return (IReadOnlyList<object?>)[r.Name, r.Code, region.Staff, region.Certified, region.EligibleUncertified, region.Ready,
                    p.BatchQuotas.GetValueOrDefault(r.Code), p.FundedPlaces.GetValueOrDefault(r.Code), .. r.Certified.Select(c => (object?)c)];
            }),
            title: $"Proyeksi dan kuota per {b.Area.RowLabel.ToLowerInvariant()} — {b.Area.Name}");
    });

    public static string Limit(PlanLimit l) => l switch
    {
        PlanLimit.Budget => "anggaran",
        PlanLimit.Mentors => "pendamping",
        _ => "tenaga memenuhi syarat",
    };

    public static string Html(PlanningBasis b, PlanResult p, IEnumerable<string> defaultsUsed)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder(ReportHtml.Head($"Rencana sertifikasi {b.Area.Name}", landscape: false));
        sb.Append($"<h1>Rencana sertifikasi — {E(b.Area.Name)}</h1><p class=\"meta\">Per {b.Today.ToString("d MMMM yyyy", Id)} · dibuat oleh Kompeten</p>");
        sb.Append($"<h2>Jawaban</h2><p><strong>{E(p.Verdict)}</strong></p>");
        if (p.Missing.Count > 0)
        {
            sb.Append($"<p>Yang kurang untuk mencapainya pada {p.Input.TargetYear} (masing-masing bila yang lain cukup):</p><ul>");
            foreach (var m in p.Missing) sb.Append($"<li>{E(m.Text)}</li>");
            sb.Append("</ul>");
        }
        sb.Append("<div class=\"cols\"><div><h2>Masukan</h2><table class=\"grid\"><tbody>");
        foreach (var (k, v) in Inputs(p.Input)) sb.Append($"<tr><td>{E(k)}</td><td>{E(v)}</td></tr>");
        sb.Append("</tbody></table></div><div><h2>Asumsi</h2><ul>");
        foreach (var a in defaultsUsed.Concat(p.Assumptions)) sb.Append($"<li>{E(a)}</li>");
        sb.Append("</ul></div></div>");
        sb.Append("<h2>Proyeksi per tahun</h2><table class=\"grid\"><thead><tr><th>Tahun</th><th>Kandidat</th><th>Baru</th><th>Berakhir</th><th>Bersertifikat</th><th>%</th><th>Menuju target</th><th>Pembatas</th></tr></thead><tbody>");
        foreach (var y in p.Years)
        {
            sb.Append($"<tr><td>{y.Year}</td><td>{y.Candidates:N0}</td><td>{y.NewlyCertified:N0}</td><td>{y.Lapsed:N0}</td><td>{y.Certified:N0}</td><td>{y.PercentCertified.ToString("N1", Id)}</td><td>{y.CountedTowardTarget:N0} / {p.Goal:N0}</td><td>{Limit(y.Limit)}</td></tr>");
        }
        sb.Append($"</tbody></table><h2>Rekomendasi kuota per {E(b.Area.RowLabel.ToLowerInvariant())}</h2><table class=\"grid\"><thead><tr><th>{E(b.Area.RowLabel)}</th><th>Calon</th><th>Siap</th><th>Kuota angkatan ({p.Input.BatchSeats})</th><th>Sertifikasi dibiayai {p.Years[0].Year}</th><th>Bersertifikat {p.Input.TargetYear}</th></tr></thead><tbody>");
        var targetIndex = Math.Clamp(p.Input.TargetYear - p.Input.StartYear, 0, p.Years.Count - 1);
        foreach (var r in p.Regions)
        {
            var region = b.Regions.First(x => x.Code == r.Code);
            sb.Append($"<tr><td>{E(r.Name)}</td><td>{region.EligibleUncertified:N0}</td><td>{region.Ready:N0}</td><td>{p.BatchQuotas.GetValueOrDefault(r.Code)}</td><td>{p.FundedPlaces.GetValueOrDefault(r.Code)}</td><td>{r.Certified[targetIndex]:N0}</td></tr>");
        }
        sb.Append("</tbody></table></body></html>");
        return sb.ToString();
    }
}
