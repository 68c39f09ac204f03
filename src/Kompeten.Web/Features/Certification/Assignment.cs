namespace Kompeten.Web.Features.Certification;

/// <summary>A mentor as the assignment sees them: what they take and how busy they are.</summary>
public sealed record MentorLoad(int MentorId, string UserId, string Name, IReadOnlyCollection<string> SchemeKeys, IReadOnlyCollection<string> RegencyCodes, int Capacity, int ActiveCandidates)
{
    public int FreeSeats => Math.Max(0, Capacity - ActiveCandidates);
    public double LoadRatio => Capacity == 0 ? 1 : (double)ActiveCandidates / Capacity;
    public bool Takes(string schemeKey) => SchemeKeys.Contains(schemeKey);
    public bool Serves(string regencyCode) => RegencyCodes.Count == 0 || RegencyCodes.Contains(regencyCode);
}

public sealed record MentorSuggestion(MentorLoad Mentor, string Reason);

/// <summary>
/// Suggests a mentor for a candidate: must take the scheme and have a free seat; prefers one who
/// serves the candidate's regency; among those, the least loaded (then the most free seats, then
/// the name, so the choice is stable). The administrator may override it.
/// </summary>
public static class MentorAssignment
{
    public static MentorSuggestion? Suggest(IEnumerable<MentorLoad> mentors, string schemeKey, string regencyCode)
    {
        var candidates = mentors.Where(m => m.Takes(schemeKey) && m.FreeSeats > 0).ToList();
        if (candidates.Count == 0) return null;
        var best = candidates
            .OrderByDescending(m => m.Serves(regencyCode))
            .ThenBy(m => m.LoadRatio)
            .ThenByDescending(m => m.FreeSeats)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .First();
        var reason = best.Serves(regencyCode)
            ? $"menangani klaster ini dan wilayah kandidat; beban {best.ActiveCandidates}/{best.Capacity}"
            : $"menangani klaster ini (tidak ada pendamping wilayah kandidat yang masih punya kuota); beban {best.ActiveCandidates}/{best.Capacity}";
        return new MentorSuggestion(best, reason);
    }

    /// <summary>Suggests for many candidates at once, counting each suggestion against the mentor's seats.</summary>
    public static Dictionary<int, MentorSuggestion?> SuggestAll(IEnumerable<MentorLoad> mentors, IEnumerable<(int ApplicationId, string SchemeKey, string RegencyCode)> candidates)
    {
        var loads = mentors.ToDictionary(m => m.MentorId);
        var result = new Dictionary<int, MentorSuggestion?>();
        foreach (var c in candidates)
        {
            var s = Suggest(loads.Values, c.SchemeKey, c.RegencyCode);
            result[c.ApplicationId] = s;
            if (s is not null) loads[s.Mentor.MentorId] = s.Mentor with { ActiveCandidates = s.Mentor.ActiveCandidates + 1 };
        }
        return result;
    }
}

/// <summary>A verified candidate waiting for a seat at an assessment event.</summary>
public sealed record PlacementCandidate(int ApplicationId, int SchemeId, bool ProvinceFunded, DateTimeOffset ReadyAt, DateTimeOffset VerifiedAt);

/// <summary>
/// Places verified candidates into an event within each scheme's capacity. The rule, shown to the
/// administrator: province-funded first, then the longest-ready (mentor's "siap" date), then the
/// earliest verified, then the lowest application number.
/// </summary>
public static class Placement
{
    public const string RuleText = "Prioritas: (1) dibiayai APBD Provinsi, (2) paling lama berstatus siap, (3) paling awal diverifikasi, (4) nomor pengajuan terkecil.";

    public static IEnumerable<PlacementCandidate> Order(IEnumerable<PlacementCandidate> candidates) => candidates
        .OrderByDescending(c => c.ProvinceFunded)
        .ThenBy(c => c.ReadyAt)
        .ThenBy(c => c.VerifiedAt)
        .ThenBy(c => c.ApplicationId);

    /// <param name="freeSeats">scheme id → seats still free at the event.</param>
    public static (List<PlacementCandidate> Placed, List<PlacementCandidate> Waiting) Place(IEnumerable<PlacementCandidate> candidates, IReadOnlyDictionary<int, int> freeSeats)
    {
        var left = freeSeats.ToDictionary(kv => kv.Key, kv => kv.Value);
        var placed = new List<PlacementCandidate>();
        var waiting = new List<PlacementCandidate>();
        foreach (var c in Order(candidates))
        {
            if (left.TryGetValue(c.SchemeId, out var seats) && seats > 0)
            {
                placed.Add(c);
                left[c.SchemeId] = seats - 1;
            }
            else waiting.Add(c);
        }
        return (placed, waiting);
    }
}
