using System.Globalization;
using System.Net;
using System.Text;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>The dashboard as a report: xlsx sheets and printable HTML (→ PDF). Aggregates only, like the page.</summary>
public static class DashboardReport
{
    private static readonly CultureInfo Id = CultureInfo.GetCultureInfo("id-ID");

    public static string FileName(DashboardData d, string extension) =>
        $"dasbor-sertifikasi-{d.Area.Code.Replace('.', '-')}-{d.Today:yyyyMMdd}.{extension}";

    public static byte[] Xlsx(DashboardData d)
    {
        var title = $"Dasbor sertifikasi {d.Area.Name} per {d.Today.ToString("d MMMM yyyy", Id)}";
        return XlsxWriter.ToBytes(x =>
        {
            x.AddSheet("Wilayah", XlsxColumn.Fitting(
                [d.Area.RowLabel, "Kode", "Tenaga", "Terlatih 12 bln", "Terlatih total", "Dalam proses", "Siap uji", "Bersertifikat", "% bersertifikat",
                 $"Berakhir ≤{d.ExpiringWithinDays} hari", $"Baru {d.Year}", $"Target {d.Year}", "Capaian target"]),
                WithTotal(d).Select(r => (IReadOnlyList<object?>)
                [
                    r.Name, r.Code, r.Staff, r.Trained?.Last12Months, r.Trained?.Ever, r.Stages.InPipeline, r.Stages.ReadyForAssessment, r.Certified,
                    Math.Round(r.PercentCertified, 1), r.Expiring, r.NewlyCertifiedThisYear, r.Target?.GoalText, r.Target?.AchievedText,
                ]),
                title: title);
            x.AddSheet("Tahapan", XlsxColumn.Fitting([d.Area.RowLabel, .. StageCounts.Open.Select(s => RegistryLists.Display(s)), "Jumlah"]),
                WithTotal(d).Select(r => (IReadOnlyList<object?>)
                    [r.Name, .. StageCounts.Open.Select(s => (object?)r.Stages[s]), r.Stages.InPipeline]),
                title: $"Pengajuan terbuka per tahap — {d.Area.Name}");
            x.AddSheet("Sertifikat per tahun", XlsxColumn.Fitting(["Tahun terbit", "Sertifikat", "Kumulatif"]),
                Cumulative(d.CertifiedByYear).Select(y => (IReadOnlyList<object?>)[y.Year, y.Count, y.Total]),
                title: $"Sertifikat terbit per tahun (tidak dicabut) — {d.Area.Name}");
            x.AddSheet("Kelulusan per skema", XlsxColumn.Fitting(["Skema", "Kompeten", "Belum Kompeten", "Kesempatan uji", "% kompeten"]),
                d.PassRates.Select(p => (IReadOnlyList<object?>)[p.Scheme, p.Passed, p.Failed, p.Sittings, p.Rate is { } r ? Math.Round(100 * r, 1) : null]),
                title: $"Tingkat kelulusan per skema (per kesempatan uji) — {d.Area.Name}");
            x.AddSheet("Pendamping",
                XlsxColumn.Fitting([d.Area.Level == DashboardLevel.National ? "Provinsi" : "Pendamping", "Jumlah pendamping", "Kandidat didampingi", "Kapasitas", "% beban"]),
                d.Mentors.Select(m => (IReadOnlyList<object?>)[m.Name, m.Mentors, m.Active, m.Capacity, Math.Round(100 * m.Load, 1)]),
                title: $"Beban pendamping terhadap kapasitas — {d.Area.Name}");
            x.AddSheet("Keterangan", XlsxColumn.Fitting(["Istilah", "Arti"]), Definitions(d).Select(t => (IReadOnlyList<object?>)[t.Term, t.Meaning]), title: "Definisi");
        });
    }

    /// <summary>The area's rows followed by their total, labelled "Jumlah", as every table of the report ends.</summary>
    private static IEnumerable<RegionFigures> WithTotal(DashboardData d) => d.Rows.Append(d.Total with { Name = "Jumlah" });

    private static IEnumerable<(int Year, int Count, int Total)> Cumulative(IEnumerable<YearCount> years)
    {
        var total = 0;
        foreach (var y in years) yield return (y.Year, y.Count, total += y.Count);
    }

    public static IEnumerable<(string Term, string Meaning)> Definitions(DashboardData d) =>
    [
        ("Tenaga", "Tenaga perpustakaan yang tercatat di registri."),
        ("Bersertifikat", $"Memiliki sertifikat kompetensi yang tidak dicabut dan masih berlaku per {d.Today.ToString("d MMMM yyyy", Id)}."),
        ("Berakhir", $"Orang bersertifikat yang sertifikat terakhirnya habis masa berlakunya dalam {d.ExpiringWithinDays} hari."),
        ("Dalam proses", "Pengajuan terbuka: draf sampai terjadwal uji, termasuk Belum Kompeten yang menunggu uji ulang."),
        ("Siap uji", "Pengajuan yang ditandai siap oleh pendamping, terverifikasi, atau terjadwal uji."),
        ($"Baru {d.Year}", $"Orang yang pertama kali bersertifikat pada {d.Year}."),
        ("Terlatih", d.Training.Available ? "Pernah mengikuti workshop/bimtek: 12 bulan terakhir / seluruhnya." : "Belum tersedia: terisi setelah modul Pelatihan memiliki data."),
    ];

    public static string Html(DashboardData d, string? mapSvg)
    {
        var sb = new StringBuilder();
        sb.Append(ReportHtml.Head($"Dasbor sertifikasi {d.Area.Name}", landscape: true));
        sb.Append($"<h1>Dasbor sertifikasi — {E(d.Area.Name)}</h1><p class=\"meta\">Per {d.Today.ToString("d MMMM yyyy", Id)} · tahun target {d.Year} · dibuat oleh Kompeten</p>");
        var t = d.Total;
        sb.Append("<table class=\"cards\"><tr>");
        foreach (var (label, value) in new[]
                 {
                     ("Tenaga", N(t.Staff)), ("Bersertifikat", $"{N(t.Certified)} ({t.PercentCertified.ToString("N1", Id)}%)"), ("Dalam proses", N(t.Stages.InPipeline)),
                     ("Siap uji", N(t.Stages.ReadyForAssessment)), ($"Berakhir ≤{d.ExpiringWithinDays} hari", N(t.Expiring)),
                     ($"Target {d.Year}", t.Target is { } tg ? $"{tg.AchievedText} ({tg.GoalText})" : "—"),
                 })
        {
            sb.Append($"<td><div class=\"label\">{E(label)}</div><div class=\"value\">{E(value)}</div></td>");
        }
        sb.Append("</tr></table>");
        if (!string.IsNullOrEmpty(mapSvg))
        {
            sb.Append("<div class=\"map\">").Append(mapSvg).Append("<div class=\"legend\">");
            foreach (var (from, colour) in DashboardClient.Classes) sb.Append($"<span><i style=\"background:{colour}\"></i>≥{from:0}%</span>");
            sb.Append($"<span><i style=\"background:{DashboardClient.NoDataColour}\"></i>tidak ada data</span></div></div>");
        }
        sb.Append($"<h2>Per {E(d.Area.RowLabel.ToLowerInvariant())}</h2><table class=\"grid\"><thead><tr><th>{E(d.Area.RowLabel)}</th><th>Tenaga</th><th>Terlatih</th><th>Proses</th><th>Siap</th><th>Bersertifikat</th><th>%</th><th>Berakhir</th><th>Baru {d.Year}</th><th>Target</th></tr></thead><tbody>");
        foreach (var r in WithTotal(d))
        {
            sb.Append($"<tr><td>{E(r.Name)}</td><td>{N(r.Staff)}</td><td>{(r.Trained is { } tr ? $"{N(tr.Last12Months)} / {N(tr.Ever)}" : "—")}</td><td>{N(r.Stages.InPipeline)}</td><td>{N(r.Stages.ReadyForAssessment)}</td><td>{N(r.Certified)}</td><td>{r.PercentCertified.ToString("N1", Id)}</td><td>{N(r.Expiring)}</td><td>{N(r.NewlyCertifiedThisYear)}</td><td>{E(r.Target?.AchievedText ?? "—")}</td></tr>");
        }
        sb.Append("</tbody></table>");

        sb.Append("<h2>Tahapan pengajuan</h2><table class=\"grid\"><thead><tr><th>").Append(E(d.Area.RowLabel)).Append("</th>");
        foreach (var s in StageCounts.Open) sb.Append($"<th>{E(RegistryLists.Display(s))}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in WithTotal(d))
        {
            sb.Append($"<tr><td>{E(r.Name)}</td>");
            foreach (var s in StageCounts.Open) sb.Append($"<td>{N(r.Stages[s])}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");

        sb.Append("<div class=\"cols\"><div><h2>Sertifikat terbit per tahun</h2><table class=\"grid\"><thead><tr><th>Tahun</th><th>Terbit</th><th>Kumulatif</th></tr></thead><tbody>");
        foreach (var y in Cumulative(d.CertifiedByYear)) sb.Append($"<tr><td>{y.Year}</td><td>{N(y.Count)}</td><td>{N(y.Total)}</td></tr>");
        sb.Append("</tbody></table></div><div><h2>Kelulusan per skema</h2><table class=\"grid\"><thead><tr><th>Skema</th><th>Kompeten</th><th>Kesempatan</th><th>%</th></tr></thead><tbody>");
        foreach (var p in d.PassRates) sb.Append($"<tr><td>{E(p.Scheme)}</td><td>{N(p.Passed)}</td><td>{N(p.Sittings)}</td><td>{(p.Rate is { } rr ? (100 * rr).ToString("N1", Id) : "—")}</td></tr>");
        if (d.PassRates.Count == 0) sb.Append("<tr><td colspan=\"4\">Belum ada hasil uji.</td></tr>");
        sb.Append("</tbody></table></div><div><h2>Pendamping</h2><table class=\"grid\"><thead><tr><th>").Append(d.Area.Level == DashboardLevel.National ? "Provinsi" : "Pendamping").Append("</th><th>Didampingi</th><th>Kapasitas</th></tr></thead><tbody>");
        foreach (var m in d.Mentors) sb.Append($"<tr><td>{E(m.Name)}</td><td>{N(m.Active)}</td><td>{N(m.Capacity)}</td></tr>");
        if (d.Mentors.Count == 0) sb.Append("<tr><td colspan=\"3\">Belum ada pendamping aktif.</td></tr>");
        sb.Append("</tbody></table></div></div>");

        sb.Append("<h2>Keterangan</h2><dl>");
        foreach (var (term, meaning) in Definitions(d)) sb.Append($"<dt>{E(term)}</dt><dd>{E(meaning)}</dd>");
        sb.Append("</dl></body></html>");
        return sb.ToString();
    }

    private static string N(int n) => n.ToString("N0", Id);
    private static string E(string s) => WebUtility.HtmlEncode(s);
}

/// <summary>The shared look of printed reports: A4, small type, tables that break across pages.</summary>
public static class ReportHtml
{
    public static string Head(string title, bool landscape) => $$"""
        <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
          @page { size: A4 {{(landscape ? "landscape" : "portrait")}}; margin: 12mm; }
          body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #212529; }
          h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 5mm 0 2mm; }
          .meta { color: #6c757d; margin: 0 0 4mm; }
          table.grid { border-collapse: collapse; width: 100%; } table.grid th, table.grid td { border: 1px solid #ced4da; padding: 1mm 1.5mm; }
          table.grid td:not(:first-child) { text-align: right; } table.grid th { background: #e9ecef; text-align: left; }
          table.grid tr { page-break-inside: avoid; } thead { display: table-header-group; }
          table.cards { width: 100%; border-collapse: separate; border-spacing: 2mm; } table.cards td { border: 1px solid #ced4da; padding: 2mm; vertical-align: top; }
          .label { color: #6c757d; font-size: 8pt; } .value { font-size: 12pt; font-weight: 600; }
          .map svg { max-width: 100%; height: auto; max-height: 110mm; } .legend span { margin-right: 4mm; font-size: 8pt; }
          .legend i { display: inline-block; width: 3mm; height: 3mm; border: 1px solid #6c757d; margin-right: 1mm; }
          .cols { display: flex; gap: 5mm; } .cols > div { flex: 1; }
          dt { font-weight: 600; } dd { margin: 0 0 1.5mm 0; }
          ul { margin: 0; padding-left: 5mm; }
        </style></head><body>
        """;
}
