using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Features.Dashboard;
using Microsoft.AspNetCore.Mvc;

namespace Kompeten.Web.Features.Planning;

/// <summary>
/// The planner's inputs as the page and the exports take them (query string, so a plan is a link).
/// Empty fields take their default from the data (<see cref="PlanningBasis"/>); the defaults used
/// are listed next to the answer.
/// </summary>
public sealed class PlanForm
{
    [FromQuery(Name = "region")] public string? Region { get; set; }
    [FromQuery(Name = "kind")] public TargetKind? Kind { get; set; }

    [FromQuery(Name = "target")]
    [Range(0.1, 1_000_000, ErrorMessage = "Target harus lebih dari 0.")]
    public decimal? Target { get; set; }

    [FromQuery(Name = "targetYear")]
    [Range(2020, 2100, ErrorMessage = "Tahun target harus antara 2020 dan 2100.")]
    public int? TargetYear { get; set; }

    [FromQuery(Name = "start")]
    [Range(2020, 2100, ErrorMessage = "Tahun awal harus antara 2020 dan 2100.")]
    public int? StartYear { get; set; }

    [FromQuery(Name = "achieved")]
    [Range(0, 1_000_000, ErrorMessage = "Yang sudah tercapai tidak boleh negatif.")]
    public int? Achieved { get; set; }

    [FromQuery(Name = "budget")]
    [Range(0, 1_000_000_000_000, ErrorMessage = "Anggaran per tahun tidak boleh negatif.")]
    public decimal? Budget { get; set; }

    [FromQuery(Name = "fee")]
    [Range(0, 1_000_000_000, ErrorMessage = "Biaya sertifikasi per kandidat tidak boleh negatif.")]
    public decimal? Fee { get; set; }

    [FromQuery(Name = "workshop")]
    [Range(0, 1_000_000_000, ErrorMessage = "Biaya per peserta workshop tidak boleh negatif.")]
    public decimal? Workshop { get; set; }

    [FromQuery(Name = "share")]
    [Range(0, 100, ErrorMessage = "Porsi kandidat yang ikut workshop antara 0 dan 100%.")]
    public double? WorkshopShare { get; set; }

    [FromQuery(Name = "mentors")]
    [Range(0, 100_000, ErrorMessage = "Jumlah pendamping tidak boleh negatif.")]
    public int? Mentors { get; set; }

    [FromQuery(Name = "capacity")]
    [Range(1, 1_000, ErrorMessage = "Kapasitas pendamping antara 1 dan 1.000 kandidat.")]
    public int? Capacity { get; set; }

    [FromQuery(Name = "rounds")]
    [Range(1, 12, ErrorMessage = "Putaran pendampingan per tahun antara 1 dan 12.")]
    public int? Rounds { get; set; }

    [FromQuery(Name = "pass")]
    [Range(1, 100, ErrorMessage = "Tingkat kelulusan antara 1 dan 100%.")]
    public double? PassRate { get; set; }

    [FromQuery(Name = "seats")]
    [Range(1, 10_000, ErrorMessage = "Kursi angkatan antara 1 dan 10.000.")]
    public int? Seats { get; set; }

    /// <summary>Used when the data has no assessment results yet; shown as an assumption to replace.</summary>
    public const double PassRateWithoutData = 70;
    public const int DefaultRounds = 2;
    public const int DefaultSeats = 100;

    /// <summary>Where each default came from, for the assumptions list.</summary>
    public List<string> DefaultsUsed { get; } = [];

    /// <summary>Fills empty fields from the data and says so.</summary>
    public void FillDefaults(PlanningBasis b)
    {
        var year = b.Today.Year;
        StartYear ??= year;
        if (Kind is null && Target is null && b.Target is { } t)
        {
            Kind = t.Kind;
            Target = t.Value;
            TargetYear ??= t.Year;
            DefaultsUsed.Add($"Target dari pengaturan administrator: {t.Describe()}.");
        }
        Kind ??= TargetKind.AdditionalCertified;
        TargetYear ??= Math.Max(StartYear.Value, year);
        if (Achieved is null)
        {
            Achieved = Kind == TargetKind.AdditionalCertified && StartYear == year ? b.NewlyCertifiedThisYear : 0;
            if (Achieved > 0) DefaultsUsed.Add($"Sudah tercapai {Achieved:N0} orang yang pertama kali bersertifikat pada {year}.");
        }
        if (Budget is null)
        {
            Budget = b.Budget ?? 0;
            DefaultsUsed.Add(b.Budget is null ? $"Belum ada pagu {year} di halaman Anggaran: anggaran dianggap Rp 0." : $"Anggaran = seluruh pagu {year} ({Rupiah.Full(b.Budget.Value)}).");
        }
        if (Fee is null)
        {
            Fee = b.Fee ?? 0;
            DefaultsUsed.Add(b.Fee is null ? $"Biaya sertifikasi per kandidat {year} belum diisi di halaman Anggaran: dianggap Rp 0." : $"Biaya sertifikasi per kandidat dari pengaturan {year}.");
        }
        if (Workshop is null)
        {
            Workshop = b.WorkshopCost ?? b.WorkshopCostFromRab?.Cost ?? 0;
            if (b.WorkshopCost is null)
            {
                DefaultsUsed.Add(b.WorkshopCostFromRab is { } rab
                    ? $"Biaya per peserta workshop {year} belum diisi: dipakai RAB program {rab.Year} ÷ kursi angkatannya = {Rupiah.Full(rab.Cost)}."
                    : $"Biaya per peserta workshop {year} belum diisi dan belum ada RAB angkatan: dianggap Rp 0.");
            }
        }
        WorkshopShare ??= 100;
        if (Mentors is null)
        {
            Mentors = b.Mentors;
            DefaultsUsed.Add($"Pendamping aktif di wilayah ini: {b.Mentors:N0} orang.");
        }
        Capacity ??= b.MentorCapacity > 0 ? b.MentorCapacity : 10;
        Rounds ??= DefaultRounds;
        if (PassRate is null)
        {
            PassRate = b.PassRate is { } p ? Math.Round(100 * p, 1) : PassRateWithoutData;
            DefaultsUsed.Add(b.PassRate is null
                ? $"Belum ada hasil uji kompetensi: tingkat kelulusan diasumsikan {PassRateWithoutData}% — ganti sesuai pengalaman."
                : $"Tingkat kelulusan dari {b.Sittings:N0} kesempatan uji di wilayah ini.");
        }
        Seats ??= DefaultSeats;
    }

    /// <summary>Rule checks beyond the ranges; messages say how to fix.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Target is null) yield return (nameof(Target), "Isi target: jumlah orang (mis. 50) atau persentase bersertifikat.");
        if (Kind == TargetKind.PercentCertified && Target > 100) yield return (nameof(Target), "Target persentase paling tinggi 100%.");
        if (TargetYear < StartYear) yield return (nameof(TargetYear), "Tahun target tidak boleh sebelum tahun awal rencana.");
        if (TargetYear - StartYear >= 10) yield return (nameof(TargetYear), "Tahun target paling jauh 9 tahun setelah tahun awal.");
    }

    public PlannerInput ToInput() => new(
        StartYear!.Value, Kind!.Value, Target!.Value, TargetYear!.Value, Achieved ?? 0, Budget ?? 0, Fee ?? 0, Workshop ?? 0,
        (WorkshopShare ?? 100) / 100.0, Mentors ?? 0, Capacity ?? 10, Rounds ?? DefaultRounds, (PassRate ?? PassRateWithoutData) / 100.0, Seats ?? DefaultSeats);

    /// <summary>The query string of these inputs (links to exports and back).</summary>
    public Dictionary<string, string?> Route() => new()
    {
        ["region"] = Region, ["kind"] = Kind?.ToString(), ["target"] = Inv(Target), ["targetYear"] = Inv(TargetYear), ["start"] = Inv(StartYear),
        ["achieved"] = Inv(Achieved), ["budget"] = Inv(Budget), ["fee"] = Inv(Fee), ["workshop"] = Inv(Workshop), ["share"] = Inv(WorkshopShare),
        ["mentors"] = Inv(Mentors), ["capacity"] = Inv(Capacity), ["rounds"] = Inv(Rounds), ["pass"] = Inv(PassRate), ["seats"] = Inv(Seats),
    };

    public string QueryString() => string.Join("&", Route().Where(kv => kv.Value is not null)
        .Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!)}"));

    private static string? Inv(IFormattable? v) => v?.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
