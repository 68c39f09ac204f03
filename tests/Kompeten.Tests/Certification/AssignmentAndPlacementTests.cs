using Kompeten.Web.Features.Certification;

namespace Kompeten.Tests.Certification;

public class AssignmentAndPlacementTests
{
    private static MentorLoad M(int id, string name, string[] schemes, string[] regencies, int capacity, int active) =>
        new(id, $"u{id}", name, schemes, regencies, capacity, active);

    [Fact]
    public void The_suggested_mentor_takes_the_scheme_serves_the_regency_and_is_least_loaded()
    {
        var mentors = new[]
        {
            M(1, "Andi", ["layanan-dasar"], ["63.01"], 10, 8),
            M(2, "Berta", ["layanan-dasar"], ["63.01"], 10, 3),
            M(3, "Citra", ["layanan-dasar"], ["63.02"], 10, 0),
            M(4, "Dodi", ["pengatalogan-subjek"], ["63.01"], 10, 0),
        };
        var s = MentorAssignment.Suggest(mentors, "layanan-dasar", "63.01")!;
        s.Mentor.Name.ShouldBe("Berta");
        s.Reason.ShouldContain("wilayah kandidat");
    }

    [Fact]
    public void A_mentor_of_another_regency_is_suggested_only_when_the_local_ones_are_full()
    {
        var mentors = new[] { M(1, "Andi", ["layanan-dasar"], ["63.01"], 5, 5), M(3, "Citra", ["layanan-dasar"], ["63.02"], 10, 9) };
        var s = MentorAssignment.Suggest(mentors, "layanan-dasar", "63.01")!;
        s.Mentor.Name.ShouldBe("Citra");
        s.Reason.ShouldContain("tidak ada pendamping wilayah kandidat");
    }

    [Fact]
    public void No_mentor_is_suggested_when_nobody_takes_the_scheme_or_everyone_is_full()
    {
        MentorAssignment.Suggest([M(1, "Andi", ["layanan-dasar"], [], 2, 2)], "layanan-dasar", "63.01").ShouldBeNull();
        MentorAssignment.Suggest([M(1, "Andi", ["layanan-dasar"], [], 2, 0)], "promosi-layanan", "63.01").ShouldBeNull();
    }

    [Fact]
    public void Suggesting_for_many_candidates_spreads_the_load_and_respects_capacity()
    {
        var mentors = new[] { M(1, "Andi", ["layanan-dasar"], [], 2, 0), M(2, "Berta", ["layanan-dasar"], [], 2, 1) };
        var result = MentorAssignment.SuggestAll(mentors, Enumerable.Range(1, 4).Select(i => (i, "layanan-dasar", "63.01")));
        result.Values.Count(s => s?.Mentor.MentorId == 1).ShouldBe(2);
        result.Values.Count(s => s?.Mentor.MentorId == 2).ShouldBe(1);
        result[4].ShouldBeNull();
    }

    [Fact]
    public void Placement_puts_province_funded_first_then_the_longest_ready_within_capacity()
    {
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var candidates = new[]
        {
            new PlacementCandidate(1, 10, false, t.AddDays(1), t.AddDays(5)),
            new PlacementCandidate(2, 10, true, t.AddDays(9), t.AddDays(10)),
            new PlacementCandidate(3, 10, false, t.AddDays(0), t.AddDays(6)),
            new PlacementCandidate(4, 20, false, t.AddDays(0), t.AddDays(1)),
            new PlacementCandidate(5, 30, true, t, t),
        };
        var (placed, waiting) = Placement.Place(candidates, new Dictionary<int, int> { [10] = 2, [20] = 1 });
        placed.Select(p => p.ApplicationId).ShouldBe([2, 4, 3]);
        waiting.Select(p => p.ApplicationId).ShouldBe([5, 1]);
    }
}
