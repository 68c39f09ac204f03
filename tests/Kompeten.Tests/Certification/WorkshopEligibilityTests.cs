using Kompeten.Tests.Support;
using Kompeten.Tests.Training;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Certification;

/// <summary>Route b with a Kompeten certificate of attendance, read from the database as the application pages read it.</summary>
public class WorkshopEligibilityTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private static readonly Scheme LayananDasar = new() { Key = "layanan-dasar", Name = "Klaster Layanan Dasar Perpustakaan" };
    private static int _sequence = 300;

    /// <summary>S1 in another field, no library work recorded: only route b can pass.</summary>
    private async Task<Person> GraduateAsync(string name)
    {
        var person = await app.AddPersonAsync("63.03", name, Sex.Female, new DateOnly(1992, 7, 8), Interlocked.Increment(ref _sequence));
        await app.WithDbAsync(db => db.People.Where(p => p.Id == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.EducationField, "Pendidikan Bahasa Indonesia").SetProperty(p => p.LibraryScienceEducation, false)));
        return await app.WithDbAsync(db => db.People.AsNoTracking().FirstAsync(p => p.Id == person.Id));
    }

    private Task<EligibilityResult> EvaluateAsync(Person person) => app.WithServicesAsync(sp =>
        sp.GetRequiredService<Preparation>().EligibilityAsync(person, LayananDasar));

    [Fact]
    public async Task A_D2_plus_graduate_of_another_field_with_a_certificate_from_a_qualifying_programme_passes_route_b()
    {
        var person = await GraduateAsync("Nur Qualifying");
        var batch = await WorkshopHistory.BatchAsync(app, new DateOnly(2025, 6, 2), qualifying: true, name: "Bimtek Literasi Informasi Sertifikasi Pustakawan 2025");
        await WorkshopHistory.ParticipantAsync(app, batch, person, attended: 5, certificate: true);

        var result = await EvaluateAsync(person);

        result.Eligible.ShouldBeTrue();
        var b = result.Routes.Single(r => r.Route == "b");
        b.Passed.ShouldBeTrue();
        b.Explanation.ShouldContain("\"Bimtek Literasi Informasi Sertifikasi Pustakawan 2025\" (04-06-2025; sertifikat kehadiran Kompeten No. UJI/");
        result.Routes.Single(r => r.Route == "c").Passed.ShouldBeFalse();
    }

    [Fact]
    public async Task A_certificate_from_a_programme_not_marked_as_qualifying_does_not_count()
    {
        var person = await GraduateAsync("Nur Tidak Diakui");
        var batch = await WorkshopHistory.BatchAsync(app, new DateOnly(2025, 6, 2), qualifying: false);
        await WorkshopHistory.ParticipantAsync(app, batch, person, attended: 5, certificate: true);

        var result = await EvaluateAsync(person);

        result.Eligible.ShouldBeFalse();
        result.Routes.Single(r => r.Route == "b").Explanation.ShouldContain("memerlukan sertifikat pelatihan kepustakawanan berbasis kompetensi; belum ada");
    }

    [Fact]
    public async Task A_revoked_certificate_from_a_qualifying_programme_does_not_count()
    {
        var person = await GraduateAsync("Nur Dicabut");
        var batch = await WorkshopHistory.BatchAsync(app, new DateOnly(2025, 6, 2), qualifying: true);
        await WorkshopHistory.ParticipantAsync(app, batch, person, attended: 5, certificate: true, revoked: true);

        (await EvaluateAsync(person)).Eligible.ShouldBeFalse();
    }

    [Fact]
    public async Task Attending_a_qualifying_programme_without_a_certificate_does_not_count()
    {
        var person = await GraduateAsync("Nur Tanpa Sertifikat");
        var batch = await WorkshopHistory.BatchAsync(app, new DateOnly(2025, 6, 2), qualifying: true);
        await WorkshopHistory.ParticipantAsync(app, batch, person, attended: 5);

        (await EvaluateAsync(person)).Eligible.ShouldBeFalse();
    }

    [Fact]
    public async Task The_apply_page_explains_route_b_with_the_Kompeten_certificate()
    {
        var person = await GraduateAsync("Nur Halaman Daftar");
        var batch = await WorkshopHistory.BatchAsync(app, new DateOnly(2024, 9, 9), qualifying: true, name: "Bimtek Pengelolaan Perpustakaan Sekolah 2024");
        await WorkshopHistory.ParticipantAsync(app, batch, person, attended: 4, certificate: true);
        await CertificationTestData.SchemeAsync(app, "layanan-dasar-" + person.Id);

        var client = await app.ClientForAsync(Roles.Peserta, "63.03", person.Id);
        var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/Certification/Apply"));

        html.ShouldContain("sertifikat pelatihan \"Bimtek Pengelolaan Perpustakaan Sekolah 2024\" (11-09-2024; sertifikat kehadiran Kompeten No. UJI/");
        html.ShouldContain("memenuhi jalur b");
    }
}
