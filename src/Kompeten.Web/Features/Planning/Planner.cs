using System.Globalization;
using Kompeten.Web.Features.Dashboard;

namespace Kompeten.Web.Features.Planning;

/// <summary>
/// A region the plan spreads over (a regency of a province, or a province nationally), from the data.
/// </summary>
/// <param name="EligibleUncertified">People without a valid certificate who meet a route (a/c) — the pool candidates come from.</param>
/// <param name="InProgress">Of those, with an open application not yet ready (draft … resubmitted, or awaiting a re-sit).</param>
/// <param name="Ready">Of those, marked ready / verified / scheduled.</param>
/// <param name="LapsesByYear">Certified people whose last valid certificate ends in that year (they drop out unless re-certified).</param>
public sealed record PlannerRegion(string Code, string Name, int Staff, int Certified, int EligibleUncertified, int InProgress = 0, int Ready = 0,
    IReadOnlyDictionary<int, int>? LapsesByYear = null)
{
    public int Lapses(int year) => LapsesByYear?.GetValueOrDefault(year) ?? 0;
}

/// <summary>How much more a candidate counts when further along: ready ×3, in progress ×2, eligible ×1 by default.</summary>
public sealed record ReadinessWeights(double Eligible = 1, double InProgress = 2, double Ready = 3);

/// <param name="StartYear">First year planned.</param>
/// <param name="AlreadyAchieved">For a "+N" target: people newly certified so far in the target year.</param>
/// <param name="BudgetPerYear">Rupiah available each year for certification fees and the workshops before them.</param>
/// <param name="WorkshopShare">Share of candidates who first attend a workshop (0–1).</param>
/// <param name="MentoringRoundsPerYear">How many times a year a mentor's capacity turns over.</param>
/// <param name="PassRate">Share of sittings that end Kompeten (0–1].</param>
/// <param name="BatchSeats">Seats of the next workshop batch to spread over the regions.</param>
public sealed record PlannerInput(
    int StartYear,
    TargetKind TargetKind,
    decimal TargetValue,
    int TargetYear,
    int AlreadyAchieved,
    decimal BudgetPerYear,
    decimal FeePerCandidate,
    decimal CostPerWorkshopParticipant,
    double WorkshopShare,
    int Mentors,
    int MentorCapacity,
    int MentoringRoundsPerYear,
    double PassRate,
    int BatchSeats = 100,
    int HorizonYears = 10)
{
    public ReadinessWeights Weights { get; init; } = new();

    public decimal CostPerCandidate => FeePerCandidate + CostPerWorkshopParticipant * (decimal)WorkshopShare;
}

public enum PlanLimit
{
    /// <summary>The budget pays for fewer candidates than mentors could take.</summary>
    Budget,
    Mentors,
    /// <summary>No more eligible, uncertified people.</summary>
    EligibleStaff,
}

public sealed record YearProjection(int Year, decimal Budget, int Candidates, int NewlyCertified, int Lapsed, int Certified, double PercentCertified,
    int CountedTowardTarget, PlanLimit Limit);

public sealed record RegionProjection(string Code, string Name, int CertifiedNow, IReadOnlyList<int> Candidates, IReadOnlyList<int> NewlyCertified, IReadOnlyList<int> Certified);

/// <summary>Something the plan lacks, with the amount and the sentence shown ("4 pendamping lagi").</summary>
public sealed record Shortfall(string Resource, decimal Amount, string Text);

public sealed record PlanResult(
    PlannerInput Input,
    int Goal,
    bool ReachedByTargetYear,
    int? ReachedInYear,
    string Verdict,
    IReadOnlyList<YearProjection> Years,
    IReadOnlyList<RegionProjection> Regions,
    IReadOnlyList<Shortfall> Missing,
    IReadOnlyDictionary<string, int> BatchQuotas,
    IReadOnlyDictionary<string, int> FundedPlaces,
    IReadOnlyList<string> Assumptions);

/// <summary>
/// The planner's arithmetic, pure (no database, no clock), so that every scenario can be checked by
/// hand. Each year: candidates = min(⌊budget ÷ cost per candidate⌋, mentors × capacity × rounds,
/// eligible uncertified people); newly certified = ⌊candidates × pass rate⌋; those who fail stay in
/// the pool for a re-sit, lapsing certificates return their holders to it. A "+N" target counts the
/// newly certified from the start year on (plus what was achieved already); a "%" target
/// compares the certified share at the end of each year. What is missing is the least extra of one
/// resource that reaches the target by the target year when the others are not the limit — found
/// by searching the same projection, so the advice and the projection never disagree.
/// Regions share candidates in proportion to their eligible uncertified staff weighted by readiness
/// (largest-remainder rounding, never more than a region's pool).
/// </summary>
public static class Planner
{
    private const int Unlimited = int.MaxValue / 4;

    public static PlanResult Plan(PlannerInput input, IReadOnlyList<PlannerRegion> regions)
    {
        Validate(input);
        var staff = regions.Sum(r => r.Staff);
        var certifiedNow = regions.Sum(r => r.Certified);
        var goal = Goal(input, staff);
        var projection = Project(input, regions, PerYearBudgetCandidates(input), MentorThroughput(input), 0, goal);
        var reachedIn = projection.ReachedIn;
        var byTarget = reachedIn is { } ry && ry <= input.TargetYear;

        var missing = new List<Shortfall>();
        if (!byTarget) missing.AddRange(Shortfalls(input, regions, goal));

        var first = projection.Years[0];
        var batch = Apportion(input.BatchSeats, regions.Select(r => (r.Code, Weight(r, input.Weights), r.EligibleUncertified)).ToList());
        var funded = Apportion(first.Candidates, regions.Select(r => (r.Code, Weight(r, input.Weights), r.EligibleUncertified)).ToList());

        var verdict = byTarget
            ? $"Target {TargetText(input)} tercapai pada {reachedIn}."
            : reachedIn is { } late
                ? $"Target {TargetText(input)} tidak tercapai pada {input.TargetYear}; dengan sumber daya ini baru tercapai pada {late}."
                : $"Target {TargetText(input)} tidak tercapai dalam {input.HorizonYears} tahun dengan sumber daya ini.";

        return new PlanResult(input, goal, byTarget, reachedIn, verdict, projection.Years, projection.Regions, missing, batch, funded,
            Assumptions(input, regions, staff, certifiedNow, goal));
    }

    public static string TargetText(PlannerInput i) => i.TargetKind == TargetKind.AdditionalCertified
        ? $"+{i.TargetValue:N0} bersertifikat pada {i.TargetYear}"
        : $"{i.TargetValue.ToString("0.#", Indonesian)}% bersertifikat pada akhir {i.TargetYear}";

    /// <summary>People to certify (+N: still to certify in the target year) or to hold a valid certificate (%: at the end of the target year).</summary>
    public static int Goal(PlannerInput i, int staff) => i.TargetKind == TargetKind.AdditionalCertified
        ? Math.Max(0, (int)Math.Ceiling(i.TargetValue) - i.AlreadyAchieved)
        : (int)Math.Ceiling(i.TargetValue / 100m * staff);

    private static void Validate(PlannerInput i)
    {
        if (i.PassRate is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(i), "Tingkat kelulusan harus di antara 0 dan 100%.");
        if (i.WorkshopShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(i), "Porsi peserta workshop harus di antara 0 dan 100%.");
        if (i.TargetYear < i.StartYear) throw new ArgumentOutOfRangeException(nameof(i), "Tahun target tidak boleh sebelum tahun awal rencana.");
        if (i.HorizonYears < i.TargetYear - i.StartYear + 1) throw new ArgumentOutOfRangeException(nameof(i), "Rentang proyeksi harus mencakup tahun target.");
    }

    private static int PerYearBudgetCandidates(PlannerInput i) =>
        i.CostPerCandidate <= 0 ? Unlimited : (int)Math.Min(Unlimited, Math.Floor(i.BudgetPerYear / i.CostPerCandidate));

    private static int MentorThroughput(PlannerInput i) => (int)Math.Min(Unlimited, (long)i.Mentors * i.MentorCapacity * i.MentoringRoundsPerYear);

    private static double Weight(PlannerRegion r, ReadinessWeights w) =>
        Math.Max(0, r.EligibleUncertified - r.InProgress - r.Ready) * w.Eligible + r.InProgress * w.InProgress + r.Ready * w.Ready;

    private sealed record Projection(List<YearProjection> Years, List<RegionProjection> Regions, int? ReachedIn);

    /// <summary>The year-by-year projection with a given budget capacity (candidates a year), mentor throughput and extra eligible people.</summary>
    private static Projection Project(PlannerInput input, IReadOnlyList<PlannerRegion> regions, int budgetCandidates, int mentorThroughput, int extraEligible, int goal)
    {
        var n = regions.Count;
        // Per region: eligible not started, in progress, ready; certified.
        var eligible = new long[n];
        var progress = new long[n];
        var ready = new long[n];
        var certified = new long[n];
        // Extra eligible people come from the region's staff who are neither certified nor eligible yet.
        var extra = extraEligible > 0
            ? Apportion(extraEligible, regions.Select(r => (r.Code, (double)Headroom(r), Headroom(r))).ToList())
            : null;
        for (var k = 0; k < n; k++)
        {
            var r = regions[k];
            progress[k] = Math.Min(r.InProgress, r.EligibleUncertified);
            ready[k] = Math.Min(r.Ready, r.EligibleUncertified - progress[k]);
            eligible[k] = r.EligibleUncertified - progress[k] - ready[k] + (extra?.GetValueOrDefault(r.Code) ?? 0);
            certified[k] = r.Certified;
        }
        var staff = regions.Sum(r => r.Staff);
        var years = new List<YearProjection>();
        var regionCandidates = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var regionNew = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var regionCertified = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        int? reachedIn = null;
        var counted = 0;

        for (var year = input.StartYear; year < input.StartYear + input.HorizonYears; year++)
        {
            var pool = 0L;
            for (var k = 0; k < n; k++) pool += eligible[k] + progress[k] + ready[k];
            var candidates = (int)Math.Min(Math.Min(budgetCandidates, mentorThroughput), pool);
            var limit = candidates == pool && pool < Math.Min(budgetCandidates, mentorThroughput) ? PlanLimit.EligibleStaff
                : budgetCandidates <= mentorThroughput ? PlanLimit.Budget : PlanLimit.Mentors;
            var newly = (int)Math.Floor(candidates * input.PassRate + 1e-9);

            // Candidates per region by readiness-weighted pools; the ready go first, then those in progress.
            var shares = Apportion(candidates, Enumerable.Range(0, n).Select(k => (regions[k].Code,
                eligible[k] * input.Weights.Eligible + progress[k] * input.Weights.InProgress + ready[k] * input.Weights.Ready,
                (int)Math.Min(Unlimited, eligible[k] + progress[k] + ready[k]))).ToList());
            var newShares = Apportion(newly, Enumerable.Range(0, n).Select(k => (regions[k].Code, (double)shares[regions[k].Code], shares[regions[k].Code])).ToList());
            var lapsedTotal = 0;
            for (var k = 0; k < n; k++)
            {
                var code = regions[k].Code;
                var taken = (long)shares[code];
                var fromReady = Math.Min(taken, ready[k]); ready[k] -= fromReady; taken -= fromReady;
                var fromProgress = Math.Min(taken, progress[k]); progress[k] -= fromProgress; taken -= fromProgress;
                eligible[k] -= taken;
                // Those who did not pass prepare a re-sit: in progress next year.
                progress[k] += shares[code] - newShares[code];
                var lapsed = regions[k].Lapses(year);
                lapsedTotal += lapsed;
                certified[k] += newShares[code] - lapsed;
                eligible[k] += lapsed;
                regionCandidates[k].Add(shares[code]);
                regionNew[k].Add(newShares[code]);
                regionCertified[k].Add((int)certified[k]);
            }
            var certifiedTotal = (int)certified.Sum();
            counted += newly;
            years.Add(new YearProjection(year, input.BudgetPerYear, candidates, newly, lapsedTotal, certifiedTotal,
                staff == 0 ? 0 : 100.0 * certifiedTotal / staff, input.TargetKind == TargetKind.AdditionalCertified ? counted : certifiedTotal, limit));
            var reached = input.TargetKind == TargetKind.AdditionalCertified ? counted >= goal : certifiedTotal >= goal;
            if (reached && reachedIn is null) reachedIn = year;
        }
        var regionRows = Enumerable.Range(0, n).Select(k => new RegionProjection(regions[k].Code, regions[k].Name, regions[k].Certified,
            regionCandidates[k], regionNew[k], regionCertified[k])).ToList();
        return new Projection(years, regionRows, reachedIn);
    }

    private static int Headroom(PlannerRegion r) => Math.Max(0, r.Staff - r.Certified - r.EligibleUncertified);

    private static bool ReachesByTarget(PlannerInput input, IReadOnlyList<PlannerRegion> regions, int budgetCandidates, int mentors, int extra, int goal) =>
        Project(input, regions, budgetCandidates, mentors, extra, goal).ReachedIn is { } y && y <= input.TargetYear;

    /// <summary>Least extra eligible staff, budget and mentors that each reach the target by the target year, the others not limiting.</summary>
    private static List<Shortfall> Shortfalls(PlannerInput input, IReadOnlyList<PlannerRegion> regions, int goal)
    {
        var list = new List<Shortfall>();
        var pool = regions.Sum(r => r.EligibleUncertified);
        var upper = regions.Sum(Headroom);
        // 1. Eligible people: with unlimited budget and mentors, can the pool deliver at all?
        var extra = 0;
        if (!ReachesByTarget(input, regions, Unlimited, Unlimited, 0, goal))
        {
            extra = SmallestReaching(0, upper, x => ReachesByTarget(input, regions, Unlimited, Unlimited, x, goal));
            if (extra < 0)
            {
                list.Add(new Shortfall("waktu", 0, $"Dengan tingkat kelulusan {Percent(input.PassRate)} target tidak dapat dicapai sampai {input.TargetYear}, berapa pun sumber dayanya; mundurkan tahun target."));
                return list;
            }
            list.Add(new Shortfall("tenaga-memenuhi-syarat", extra,
                $"{extra:N0} tenaga lagi harus memenuhi syarat (mis. lewat pelatihan berbasis kompetensi); kini hanya {pool:N0} tenaga memenuhi syarat yang belum bersertifikat"));
        }
        // 2. Budget: candidates a year it must pay for.
        var maxCandidates = pool + extra + regions.Sum(r => r.LapsesByYear?.Values.Sum() ?? 0) + 1;
        var budgetCandidates = SmallestReaching(0, maxCandidates, k => ReachesByTarget(input, regions, k, Unlimited, extra, goal));
        if (budgetCandidates >= 0)
        {
            var needed = budgetCandidates * input.CostPerCandidate;
            if (needed > input.BudgetPerYear)
            {
                var gap = needed - input.BudgetPerYear;
                var perYear = input.TargetYear > input.StartYear ? " per tahun" : "";
                list.Add(new Shortfall("anggaran", gap, $"{Rupiah.Short(gap)} lagi{perYear} (butuh {Rupiah.Short(needed)}{perYear} untuk {budgetCandidates:N0} kandidat × {Rupiah.Full(input.CostPerCandidate)})"));
            }
        }
        // 3. Mentors.
        var perMentor = input.MentorCapacity * input.MentoringRoundsPerYear;
        if (perMentor <= 0)
        {
            list.Add(new Shortfall("pendamping", 0, "Kapasitas pendamping nol: isi kapasitas dan jumlah putaran pendampingan per tahun"));
        }
        else
        {
            var mentors = SmallestReaching(0, maxCandidates / perMentor + 2, m => ReachesByTarget(input, regions, Unlimited, m * perMentor, extra, goal));
            if (mentors > input.Mentors)
            {
                list.Add(new Shortfall("pendamping", mentors - input.Mentors,
                    $"{mentors - input.Mentors:N0} pendamping lagi (butuh {mentors:N0} × {input.MentorCapacity} kandidat × {input.MentoringRoundsPerYear} putaran per tahun)"));
            }
        }
        return list;
    }

    /// <summary>Smallest x in [lo, hi] with ok(x) for a monotone ok; -1 if none.</summary>
    private static int SmallestReaching(int lo, int hi, Func<int, bool> ok)
    {
        if (!ok(hi)) return -1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (ok(mid)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>
    /// Largest-remainder apportionment of <paramref name="total"/> seats over weights, never more than
    /// a region's cap: regions whose share exceeds their cap get the cap and the rest is shared again.
    /// Ties on the remainder go to the larger weight, then the lower code. Seats that no cap leaves
    /// room for are not placed.
    /// </summary>
    public static Dictionary<string, int> Apportion(int total, IReadOnlyList<(string Key, double Weight, int Cap)> items)
    {
        var result = items.ToDictionary(i => i.Key, _ => 0);
        var open = items.Where(i => i.Cap > 0 && i.Weight > 0).ToList();
        var left = total;
        while (left > 0 && open.Count > 0)
        {
            var sum = open.Sum(i => i.Weight);
            var exact = open.Select(i => (i.Key, i.Weight, i.Cap, Quota: left * i.Weight / sum)).ToList();
            var over = exact.Where(e => e.Quota >= e.Cap).ToList();
            if (over.Count > 0)
            {
                foreach (var o in over)
                {
                    result[o.Key] = o.Cap;
                    left -= o.Cap;
                }
                open = open.Where(i => over.All(o => o.Key != i.Key)).ToList();
                continue;
            }
            var floors = exact.Select(e => (e.Key, e.Weight, Seats: (int)Math.Floor(e.Quota + 1e-9), Remainder: e.Quota - Math.Floor(e.Quota + 1e-9))).ToList();
            var rest = left - floors.Sum(f => f.Seats);
            var bonus = floors.OrderByDescending(f => f.Remainder).ThenByDescending(f => f.Weight).ThenBy(f => f.Key, StringComparer.Ordinal)
                .Take(rest).Select(f => f.Key).ToHashSet();
            foreach (var f in floors) result[f.Key] = f.Seats + (bonus.Contains(f.Key) ? 1 : 0);
            left = 0;
        }
        return result;
    }

    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    private static string Percent(double share) => (100 * share).ToString("0.#", Indonesian) + "%";

    private static List<string> Assumptions(PlannerInput i, IReadOnlyList<PlannerRegion> regions, int staff, int certified, int goal)
    {
        var pool = regions.Sum(r => r.EligibleUncertified);
        var list = new List<string>
        {
            $"Tenaga di registri {staff:N0} (dianggap tetap), bersertifikat kini {certified:N0}; tenaga memenuhi syarat yang belum bersertifikat {pool:N0}.",
            i.TargetKind == TargetKind.AdditionalCertified
                ? $"Target {TargetText(i)}: yang sudah tercapai {i.AlreadyAchieved:N0}, sisa {goal:N0} orang, dihitung sejak {i.StartYear}."
                : $"Target {TargetText(i)}: {goal:N0} orang bersertifikat berlaku di akhir {i.TargetYear}.",
            $"Biaya per kandidat {Rupiah.Full(i.CostPerCandidate)} = biaya sertifikasi {Rupiah.Full(i.FeePerCandidate)} + {Percent(i.WorkshopShare)} × biaya workshop {Rupiah.Full(i.CostPerWorkshopParticipant)} per peserta.",
            $"Anggaran {Rupiah.Full(i.BudgetPerYear)} per tahun, mulai {i.StartYear}.",
            $"Pendamping {i.Mentors:N0} orang × kapasitas {i.MentorCapacity} kandidat × {i.MentoringRoundsPerYear} putaran per tahun = {(long)i.Mentors * i.MentorCapacity * i.MentoringRoundsPerYear:N0} kandidat per tahun.",
            $"Tingkat kelulusan {Percent(i.PassRate)} per kesempatan uji; yang belum kompeten mengulang pada tahun berikutnya.",
            "Sertifikat yang habis masa berlakunya mengurangi jumlah bersertifikat; pemegangnya kembali masuk kelompok calon.",
            $"Kuota dibagi menurut tenaga memenuhi syarat yang belum bersertifikat dengan bobot kesiapan (siap ×{i.Weights.Ready:0.#}, dalam proses ×{i.Weights.InProgress:0.#}, lainnya ×{i.Weights.Eligible:0.#}), pembulatan sisa terbesar, tidak melebihi jumlah calon di wilayah itu.",
        };
        return list;
    }
}

/// <summary>Rupiah amounts as people say them: "Rp 120 juta", "Rp 1,2 miliar"; and in full.</summary>
public static class Rupiah
{
    private static readonly CultureInfo Id = CultureInfo.GetCultureInfo("id-ID");

    public static string Full(decimal amount) => "Rp " + amount.ToString("N0", Id);

    public static string Short(decimal amount)
    {
        var a = Math.Abs(amount);
        var sign = amount < 0 ? "−" : "";
        if (a >= 1_000_000_000_000m) return $"{sign}Rp {(a / 1_000_000_000_000m).ToString("0.#", Id)} triliun";
        if (a >= 1_000_000_000m) return $"{sign}Rp {(a / 1_000_000_000m).ToString("0.#", Id)} miliar";
        if (a >= 1_000_000m) return $"{sign}Rp {(a / 1_000_000m).ToString("0.#", Id)} juta";
        return sign + Full(a);
    }
}
