using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Features.Planning;

namespace Kompeten.Tests.Planning;

/// <summary>The planner's arithmetic on scenarios worked out by hand (the working is in each test).</summary>
public class PlannerTests
{
    /// <summary>Kalsel's 13 regencies: about 1,200 staff, 123 certified, ~600 eligible and not certified (DOMAIN.md §1).</summary>
    private static readonly PlannerRegion[] Kalsel =
    [
        new("63.01", "Tanah Laut", 90, 9, 45), new("63.02", "Kotabaru", 85, 8, 42), new("63.03", "Banjar", 150, 16, 75, InProgress: 6, Ready: 4),
        new("63.04", "Barito Kuala", 80, 7, 40), new("63.05", "Tapin", 50, 5, 25), new("63.06", "Hulu Sungai Selatan", 60, 6, 30),
        new("63.07", "Hulu Sungai Tengah", 70, 7, 35), new("63.08", "Hulu Sungai Utara", 60, 6, 30), new("63.09", "Tabalong", 65, 6, 33),
        new("63.10", "Tanah Bumbu", 85, 8, 42), new("63.11", "Balangan", 35, 3, 18), new("63.71", "Banjarmasin", 300, 30, 150, InProgress: 10, Ready: 8),
        new("63.72", "Banjarbaru", 70, 12, 35),
    ];

    /// <summary>
    /// +50 in 2026 at Rp 3.5 million a candidate (fee 2.0 + workshop 1.5), budget Rp 100.5 million,
    /// 3 mentors × 10 × 1 round = 30 a year, pass rate 80 %:
    /// a year takes min(⌊100.5 ÷ 3.5⌋ = 28, 30, 600) = 28 candidates → ⌊22.4⌋ = 22 certified;
    /// 22 + 22 + 22 = 66 ≥ 50 only in 2028. Reaching 50 in 2026 needs ⌈50 ÷ 0.8⌉ = 63 candidates:
    /// 63 × 3.5 = Rp 220.5 million (Rp 120 million more) and ⌈63 ÷ 10⌉ = 7 mentors (4 more).
    /// </summary>
    private static PlannerInput Kalsel2026 => new(
        StartYear: 2026, TargetKind: TargetKind.AdditionalCertified, TargetValue: 50, TargetYear: 2026, AlreadyAchieved: 0,
        BudgetPerYear: 100_500_000, FeePerCandidate: 2_000_000, CostPerWorkshopParticipant: 1_500_000, WorkshopShare: 1,
        Mentors: 3, MentorCapacity: 10, MentoringRoundsPerYear: 1, PassRate: 0.8);

    [Fact]
    public void Kalsel_plus_50_in_2026_is_late_and_says_what_is_missing()
    {
        var plan = Planner.Plan(Kalsel2026, Kalsel);

        plan.Goal.ShouldBe(50);
        plan.ReachedByTargetYear.ShouldBeFalse();
        plan.ReachedInYear.ShouldBe(2028);
        plan.Years[0].Candidates.ShouldBe(28);
        plan.Years[0].Limit.ShouldBe(PlanLimit.Budget);
        plan.Years[0].NewlyCertified.ShouldBe(22);
        plan.Years[0].Certified.ShouldBe(123 + 22);
        plan.Years[1].CountedTowardTarget.ShouldBe(44);
        plan.Years[2].CountedTowardTarget.ShouldBe(66);

        var budget = plan.Missing.Single(m => m.Resource == "anggaran");
        budget.Amount.ShouldBe(120_000_000m);
        budget.Text.ShouldStartWith("Rp 120 juta lagi");
        budget.Text.ShouldContain("63 kandidat");
        var mentors = plan.Missing.Single(m => m.Resource == "pendamping");
        mentors.Amount.ShouldBe(4);
        mentors.Text.ShouldStartWith("4 pendamping lagi");
        plan.Missing.ShouldNotContain(m => m.Resource == "tenaga-memenuhi-syarat");
        plan.Verdict.ShouldContain("baru tercapai pada 2028");
        plan.Assumptions.ShouldContain(a => a.Contains("Rp 3.500.000"));
    }

    [Fact]
    public void Kalsel_plus_50_in_2026_is_reached_with_the_budget_and_mentors_the_planner_asked_for()
    {
        var plan = Planner.Plan(Kalsel2026 with { BudgetPerYear = 220_500_000, Mentors = 7 }, Kalsel);

        plan.ReachedByTargetYear.ShouldBeTrue();
        plan.ReachedInYear.ShouldBe(2026);
        plan.Years[0].Candidates.ShouldBe(63);
        plan.Years[0].NewlyCertified.ShouldBe(50);
        plan.Missing.ShouldBeEmpty();

        // One candidate less (Rp 3.5 million short) and it is missed by one person: ⌊62 × 0.8⌋ = 49.
        var short1 = Planner.Plan(Kalsel2026 with { BudgetPerYear = 217_000_000, Mentors = 7 }, Kalsel);
        short1.ReachedByTargetYear.ShouldBeFalse();
        short1.Years[0].NewlyCertified.ShouldBe(49);
        short1.Missing.ShouldHaveSingleItem().Text.ShouldStartWith("Rp 3,5 juta lagi");
    }

    [Fact]
    public void Regency_projections_add_up_to_the_province_and_quotas_fill_the_batch()
    {
        var plan = Planner.Plan(Kalsel2026 with { BudgetPerYear = 220_500_000, Mentors = 7 }, Kalsel);

        for (var y = 0; y < plan.Years.Count; y++)
        {
            plan.Regions.Sum(r => r.Candidates[y]).ShouldBe(plan.Years[y].Candidates);
            plan.Regions.Sum(r => r.NewlyCertified[y]).ShouldBe(plan.Years[y].NewlyCertified);
            plan.Regions.Sum(r => r.Certified[y]).ShouldBe(plan.Years[y].Certified);
        }
        plan.BatchQuotas.Values.Sum().ShouldBe(100);
        plan.FundedPlaces.Values.Sum().ShouldBe(63);
        // Banjarmasin has the most eligible staff and the most ready: the largest share.
        plan.BatchQuotas.MaxBy(kv => kv.Value).Key.ShouldBe("63.71");
        plan.BatchQuotas.Count.ShouldBe(13);
    }

    [Fact]
    public void Largest_remainder_rounding_gives_the_leftover_seat_to_the_largest_fraction()
    {
        // 7 seats over 5 : 3 : 2 → 3.5, 2.1, 1.4 → 3, 2, 1 and the seventh to A (0.5 is the largest remainder).
        var seats = Planner.Apportion(7, [("A", 5, 100), ("B", 3, 100), ("C", 2, 100)]);
        Same(seats, new Dictionary<string, int> { ["A"] = 4, ["B"] = 2, ["C"] = 1 });

        // 100 seats over 1 : 1 : 1 → 33.3 each, the 100th goes to the lowest code on a tie.
        Same(Planner.Apportion(100, [("63.02", 1, 100), ("63.01", 1, 100), ("63.03", 1, 100)]),
            new Dictionary<string, int> { ["63.01"] = 34, ["63.02"] = 33, ["63.03"] = 33 });
    }

    [Fact]
    public void No_region_gets_more_seats_than_it_has_candidates()
    {
        // C's share (8 of 10) exceeds its 2 candidates: C gets 2, the other 8 are shared 4 : 4.
        Same(Planner.Apportion(10, [("A", 1, 5), ("B", 1, 5), ("C", 8, 2)]), new Dictionary<string, int> { ["A"] = 4, ["B"] = 4, ["C"] = 2 });
        // Readiness weighs: Y (5 ready ×3 + 5 ×1 = 20) against X (10 ×1) for 9 seats → 3 and 6.
        var plan = Planner.Plan(Kalsel2026 with { BatchSeats = 9 }, [new("X", "X", 20, 0, 10), new("Y", "Y", 20, 0, 10, Ready: 5)]);
        Same(plan.BatchQuotas, new Dictionary<string, int> { ["X"] = 3, ["Y"] = 6 });
        // More seats than candidates: everyone is placed, the rest stays unallocated.
        Planner.Plan(Kalsel2026 with { BatchSeats = 100 }, [new("X", "X", 20, 0, 10), new("Y", "Y", 20, 0, 10, Ready: 5)])
            .BatchQuotas.Values.Sum().ShouldBe(20);
    }

    /// <summary>
    /// 80 % of 1,000 by 2027 with 100 certified and only 200 eligible: 800 must hold a certificate,
    /// 700 more; the pool can never give that. With unlimited budget and mentors, a pool of P gives
    /// ⌊0.8P⌋ in 2026 and ⌊0.8 × (P − ⌊0.8P⌋)⌋ in 2027: P = 730 gives 584 + 116 = 700, P = 729 gives 699
    /// → 530 more eligible staff. Then candidates a year k: ⌊0.8k⌋ + ⌊0.8 × min(k, 730 − ⌊0.8k⌋)⌋ ≥ 700
    /// first at k = 725 (580 + 120) → Rp 725 × 3.5 million; mentors ⌈725 ÷ 20⌉ = 37.
    /// </summary>
    [Fact]
    public void An_unreachable_percentage_target_names_the_eligible_staff_budget_and_mentors_it_lacks()
    {
        var input = new PlannerInput(2026, TargetKind.PercentCertified, 80, 2027, 0, 100_000_000, 2_000_000, 1_500_000, 1,
            Mentors: 5, MentorCapacity: 10, MentoringRoundsPerYear: 2, PassRate: 0.8);
        var regions = new PlannerRegion[] { new("A", "A", 600, 60, 120), new("B", "B", 400, 40, 80) };

        var plan = Planner.Plan(input, regions);

        plan.Goal.ShouldBe(800);
        plan.ReachedByTargetYear.ShouldBeFalse();
        plan.ReachedInYear.ShouldBeNull("200 eligible people can never make 800 certified");
        plan.Verdict.ShouldContain("tidak tercapai dalam 10 tahun");
        plan.Years.Max(y => y.Certified).ShouldBeLessThanOrEqualTo(300);
        plan.Years.Last().Limit.ShouldBe(PlanLimit.EligibleStaff);

        plan.Missing.Single(m => m.Resource == "tenaga-memenuhi-syarat").Amount.ShouldBe(530);
        var budget = plan.Missing.Single(m => m.Resource == "anggaran");
        budget.Amount.ShouldBe(725 * 3_500_000m - 100_000_000m);
        budget.Text.ShouldContain("per tahun");
        plan.Missing.Single(m => m.Resource == "pendamping").Amount.ShouldBe(37 - 5);
    }

    [Fact]
    public void A_target_too_close_for_the_pass_rate_says_to_move_the_year()
    {
        // All 100 staff certified by the end of this year at a pass rate of 50 %: everyone can sit once, half pass;
        // no budget, mentor or training can make that 100 — only more time (or a better pass rate).
        var input = new PlannerInput(2026, TargetKind.PercentCertified, 100, 2026, 0, 1_000_000_000, 1_000_000, 0, 0, 100, 10, 1, 0.5);
        var plan = Planner.Plan(input, [new("A", "A", 100, 0, 100)]);
        plan.ReachedByTargetYear.ShouldBeFalse();
        plan.Missing.ShouldHaveSingleItem().Resource.ShouldBe("waktu");
    }

    [Fact]
    public void Lapsing_certificates_lower_the_certified_count_and_return_holders_to_the_pool()
    {
        // 10 % of 100 at the end of 2026 with 10 certified now, 4 of whom lapse in 2026: 10 must hold one; 4 more needed.
        var input = new PlannerInput(2026, TargetKind.PercentCertified, 10, 2026, 0, 3_000_000, 1_000_000, 0, 0, 10, 10, 1, 1.0);
        var lapsing = new PlannerRegion("A", "A", 100, 10, 50, LapsesByYear: new Dictionary<int, int> { [2026] = 4 });

        var plan = Planner.Plan(input, [lapsing]);

        plan.Goal.ShouldBe(10);
        plan.Years[0].Lapsed.ShouldBe(4);
        plan.Years[0].Certified.ShouldBe(10 + 3 - 4);
        plan.ReachedByTargetYear.ShouldBeFalse();
        plan.Missing.Single(m => m.Resource == "anggaran").Amount.ShouldBe(1_000_000);
        Planner.Plan(input with { BudgetPerYear = 4_000_000 }, [lapsing]).ReachedByTargetYear.ShouldBeTrue();
    }

    private static void Same(IReadOnlyDictionary<string, int> actual, Dictionary<string, int> expected) =>
        actual.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList().ShouldBe(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList());

    [Fact]
    public void Amounts_are_said_the_way_people_say_them()
    {
        Rupiah.Short(120_000_000).ShouldBe("Rp 120 juta");
        Rupiah.Short(220_500_000).ShouldBe("Rp 220,5 juta");
        Rupiah.Short(1_250_000_000).ShouldBe("Rp 1,3 miliar");
        Rupiah.Full(3_500_000).ShouldBe("Rp 3.500.000");
    }
}
