using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;

namespace Kompeten.Tests.Certification;

public class EligibilityTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);
    private static readonly Scheme LayananDasar = new() { Key = "layanan-dasar", Name = "Klaster Layanan Dasar Perpustakaan" };

    private static EligibilityInput Input(EducationLevel education, bool library = false, TrainingEvidence[]? trainings = null, ExperienceSpan[]? experience = null, DateOnly? workStart = null) =>
        new(education, library, library ? "Ilmu Perpustakaan" : "Pendidikan Bahasa", trainings ?? [], experience ?? [], workStart);

    private static ExperienceSpan Work(string from, string? to, string scheme = "layanan-dasar") => new(DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to), [scheme]);

    [Theory]
    [InlineData(EducationLevel.D2, true)]
    [InlineData(EducationLevel.D3, true)]
    [InlineData(EducationLevel.S1, true)]
    [InlineData(EducationLevel.S2, true)]
    [InlineData(EducationLevel.D1, false)]
    [InlineData(EducationLevel.SLTA, false)]
    public void Route_a_needs_D2_or_higher_in_library_science(EducationLevel level, bool passes)
    {
        var result = Eligibility.Evaluate(Input(level, library: true), LayananDasar, Today);
        result.Routes.Single(r => r.Route == "a").Passed.ShouldBe(passes);
    }

    [Fact]
    public void Route_b_passes_with_another_field_and_a_competency_based_training()
    {
        var result = Eligibility.Evaluate(Input(EducationLevel.S1, trainings: [new("Bimtek Sertifikasi Pustakawan 2025", new DateOnly(2025, 6, 2), true)]), LayananDasar, Today);
        result.Eligible.ShouldBeTrue();
        result.Routes.Single(r => r.Route == "b").Explanation.ShouldContain("Bimtek Sertifikasi Pustakawan 2025");
    }

    [Fact]
    public void Route_b_without_a_training_certificate_says_what_is_missing()
    {
        var result = Eligibility.Evaluate(Input(EducationLevel.S1, trainings: [new("Seminar umum", new DateOnly(2025, 1, 1), false)]), LayananDasar, Today);
        result.Eligible.ShouldBeFalse();
        result.Routes.Single(r => r.Route == "b").Explanation.ShouldContain("memerlukan sertifikat pelatihan kepustakawanan berbasis kompetensi");
    }

    [Fact]
    public void Route_c_with_exactly_two_years_passes()
    {
        var result = Eligibility.Evaluate(Input(EducationLevel.SLTA, experience: [Work("2024-11-21", null)]), LayananDasar, Today);
        result.Eligible.ShouldBeTrue();
        result.Routes.Single(r => r.Route == "c").Explanation.ShouldContain("2 tahun");
    }

    [Fact]
    public void Route_c_one_day_short_of_two_years_fails_and_says_how_long()
    {
        var result = Eligibility.Evaluate(Input(EducationLevel.SLTA, experience: [Work("2024-11-22", null)]), LayananDasar, Today);
        result.Eligible.ShouldBeFalse();
        result.Routes.Single(r => r.Route == "c").Explanation.ShouldContain("pengalaman Anda 1 tahun 11 bulan berturut-turut; dibutuhkan 2 tahun");
    }

    [Fact]
    public void Route_c_with_interrupted_experience_counts_only_the_longest_continuous_run()
    {
        // 2 years 5 months in total, but a 3-month gap: the longest run is 1 year 4 months.
        var result = Eligibility.Evaluate(Input(EducationLevel.SLTA, experience: [Work("2023-01-01", "2024-01-31"), Work("2024-05-01", "2024-09-30"), Work("2025-07-21", null)]), LayananDasar, Today);
        result.Eligible.ShouldBeFalse();
        result.Routes.Single(r => r.Route == "c").Explanation.ShouldContain("pengalaman Anda 1 tahun 4 bulan berturut-turut; dibutuhkan 2 tahun");
    }

    [Fact]
    public void Route_c_joins_back_to_back_periods()
    {
        var result = Eligibility.Evaluate(Input(EducationLevel.SLTA, experience: [Work("2023-01-01", "2023-12-31"), Work("2024-01-01", "2025-02-01")]), LayananDasar, Today);
        result.Eligible.ShouldBeTrue();
    }

    [Fact]
    public void Route_c_counts_only_work_in_the_schemes_field()
    {
        var result = Eligibility.Evaluate(Input(EducationLevel.SLTA, experience: [Work("2015-01-01", null, scheme: "pengatalogan-deskriptif")]), LayananDasar, Today);
        result.Eligible.ShouldBeFalse();
        result.Routes.Single(r => r.Route == "c").Explanation.ShouldContain("belum ada pengalaman kerja yang tercatat");
    }

    [Fact]
    public void Without_recorded_experience_the_registry_start_date_is_used_and_said_so()
    {
        var result = Eligibility.Evaluate(Input(EducationLevel.SLTA, workStart: new DateOnly(2020, 1, 1)), LayananDasar, Today);
        result.Eligible.ShouldBeTrue();
        result.Routes.Single(r => r.Route == "c").Explanation.ShouldContain("dihitung dari tanggal mulai bekerja di registri");
    }

    [Theory]
    [InlineData(EducationLevel.SD)]
    [InlineData(EducationLevel.SMP)]
    public void Below_SLTA_no_route_passes(EducationLevel level)
    {
        var result = Eligibility.Evaluate(Input(level, experience: [Work("2000-01-01", null)]), LayananDasar, Today);
        result.Eligible.ShouldBeFalse();
        result.Routes.Single(r => r.Route == "c").Explanation.ShouldContain("minimal SLTA");
    }

    [Fact]
    public void A_D1_holder_may_use_route_c_but_not_a_or_b()
    {
        var result = Eligibility.Evaluate(Input(EducationLevel.D1, library: true, experience: [Work("2020-01-01", null)]), LayananDasar, Today);
        result.Routes.Select(r => r.Passed).ShouldBe([false, false, true]);
    }

    [Theory]
    [InlineData("2025-07-21", "2026-11-21", "1 tahun 4 bulan")]
    [InlineData("2026-04-01", "2026-11-21", "7 bulan")]
    [InlineData("2024-11-21", "2026-11-21", "2 tahun")]
    [InlineData("2026-11-10", "2026-11-21", "kurang dari 1 bulan")]
    public void Durations_read_naturally(string from, string to, string expected) =>
        Eligibility.Duration(DateOnly.Parse(from), DateOnly.Parse(to)).ShouldBe(expected);
}
