using Kompeten.Web.Features.Registry;

namespace Kompeten.Web.Features.Certification;

/// <summary>A period of work; SchemeKeys names the clusters whose field it belongs to.</summary>
public sealed record ExperienceSpan(DateOnly From, DateOnly? To, IReadOnlyCollection<string> SchemeKeys);

/// <summary>A training certificate that may count for route b (e.g. a qualifying Kompeten workshop).</summary>
/// <param name="Source">Where it comes from when not declared by the candidate, e.g. "sertifikat kehadiran Kompeten No. …".</param>
public sealed record TrainingEvidence(string Title, DateOnly Date, bool CompetencyBased, string? Source = null);

public sealed record EligibilityInput(
    EducationLevel Education,
    bool LibraryScienceEducation,
    string? EducationField,
    IReadOnlyList<TrainingEvidence> Trainings,
    IReadOnlyList<ExperienceSpan> Experience,
    /// <summary>Used when no experience is recorded: the registry's start of library work, continuing today.</summary>
    DateOnly? LibraryWorkStart);

public sealed record RouteResult(string Route, string Title, bool Passed, string Explanation);

public sealed record EligibilityResult(bool Eligible, IReadOnlyList<RouteResult> Routes)
{
    public string Summary => Eligible
        ? $"Memenuhi syarat melalui jalur {string.Join(", ", Routes.Where(r => r.Passed).Select(r => r.Route))}."
        : "Belum memenuhi syarat: " + string.Join(" ", Routes.Select(r => r.Explanation));
}

/// <summary>
/// The three routes of DOMAIN.md §3 step 3 — any one suffices:
/// a) D2 or higher in library science; b) D2 or higher in another field plus a competency-based
/// library training certificate; c) SLTA plus at least 2 years of continuous work in the scheme's field.
/// </summary>
public static class Eligibility
{
    public const int RequiredYears = 2;

    public static EligibilityResult Evaluate(EligibilityInput input, Scheme scheme, DateOnly today)
    {
        var d2OrHigher = input.Education >= EducationLevel.D2;
        var level = RegistryLists.Display(input.Education);

        var a = d2OrHigher && input.LibraryScienceEducation
            ? new RouteResult("a", "D2+ Ilmu Perpustakaan", true, $"Pendidikan {level} ilmu perpustakaan memenuhi jalur a.")
            : new RouteResult("a", "D2+ Ilmu Perpustakaan", false, d2OrHigher
                ? $"Jalur a: pendidikan {level} Anda bukan bidang ilmu perpustakaan."
                : $"Jalur a: dibutuhkan minimal D2 ilmu perpustakaan; pendidikan Anda {level}.");

        var training = input.Trainings.Where(t => t.CompetencyBased).OrderByDescending(t => t.Date).FirstOrDefault();
        RouteResult b;
        if (!d2OrHigher) b = new RouteResult("b", "D2+ bidang lain + pelatihan", false, $"Jalur b: dibutuhkan minimal D2; pendidikan Anda {level}.");
        else if (input.LibraryScienceEducation) b = new RouteResult("b", "D2+ bidang lain + pelatihan", false, "Jalur b berlaku untuk pendidikan di luar ilmu perpustakaan (Anda memenuhi jalur a).");
        else if (training is null) b = new RouteResult("b", "D2+ bidang lain + pelatihan", false, $"Jalur b: pendidikan {level}{(input.EducationField is null ? "" : " " + input.EducationField)} memerlukan sertifikat pelatihan kepustakawanan berbasis kompetensi; belum ada.");
        else b = new RouteResult("b", "D2+ bidang lain + pelatihan", true, $"Pendidikan {level} bidang lain dengan sertifikat pelatihan \"{training.Title}\" ({training.Date:dd-MM-yyyy}{(training.Source is null ? "" : "; " + training.Source)}) memenuhi jalur b.");

        RouteResult c;
        if (input.Education < EducationLevel.SLTA)
        {
            c = new RouteResult("c", "SLTA + 2 tahun pengalaman", false, $"Jalur c: dibutuhkan minimal SLTA; pendidikan Anda {level}.");
        }
        else
        {
            var (span, fromRegistry) = LongestContinuous(input, scheme.Key, today);
            var needed = $"dibutuhkan {RequiredYears} tahun berturut-turut di bidang {scheme.Name}";
            if (span is null)
            {
                c = new RouteResult("c", "SLTA + 2 tahun pengalaman", false, $"Jalur c: belum ada pengalaman kerja yang tercatat di bidang klaster ini; {needed}.");
            }
            else
            {
                var (from, to) = span.Value;
                var enough = from.AddYears(RequiredYears) <= to;
                var length = Duration(from, to);
                var source = fromRegistry ? " (dihitung dari tanggal mulai bekerja di registri; pastikan pekerjaannya sesuai bidang klaster)" : "";
                c = enough
                    ? new RouteResult("c", "SLTA + 2 tahun pengalaman", true, $"Pengalaman berturut-turut {length} ({from:dd-MM-yyyy} s.d. {to:dd-MM-yyyy}) memenuhi jalur c{source}.")
                    : new RouteResult("c", "SLTA + 2 tahun pengalaman", false, $"Jalur c: pengalaman Anda {length} berturut-turut{source}; {needed}.");
            }
        }
        RouteResult[] routes = [a, b, c];
        return new EligibilityResult(routes.Any(r => r.Passed), routes);
    }

    /// <summary>The longest run of work in the scheme's field with no gap of more than a day between periods.</summary>
    public static ((DateOnly From, DateOnly To)? Span, bool FromRegistry) LongestContinuous(EligibilityInput input, string schemeKey, DateOnly today)
    {
        var periods = input.Experience
            .Where(e => e.SchemeKeys.Contains(schemeKey))
            .Select(e => (e.From, To: e.To is { } t && t < today ? t : today))
            .Where(p => p.From <= p.To)
            .OrderBy(p => p.From)
            .ToList();
        var fromRegistry = false;
        if (input.Experience.Count == 0 && input.LibraryWorkStart is { } start && start <= today)
        {
            periods.Add((start, today));
            fromRegistry = true;
        }
        (DateOnly From, DateOnly To)? best = null, current = null;
        foreach (var p in periods)
        {
            current = current is { } c && p.From <= c.To.AddDays(1) ? (c.From, p.To > c.To ? p.To : c.To) : p;
            if (best is null || Length(current.Value) > Length(best.Value)) best = current;
        }
        return (best, fromRegistry);

        static int Length((DateOnly From, DateOnly To) s) => s.To.DayNumber - s.From.DayNumber;
    }

    /// <summary>"1 tahun 4 bulan", "7 bulan", "2 tahun".</summary>
    public static string Duration(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month - (to.Day < from.Day ? 1 : 0);
        if (months < 0) months = 0;
        var (y, m) = (months / 12, months % 12);
        return (y, m) switch
        {
            (0, 0) => "kurang dari 1 bulan",
            (0, _) => $"{m} bulan",
            (_, 0) => $"{y} tahun",
            _ => $"{y} tahun {m} bulan",
        };
    }
}
