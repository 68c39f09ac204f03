using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kompeten.Tests.Support;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kompeten.Tests.Data;

/// <summary>The pure generator: no database.</summary>
public class DemoGeneratorTests
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Today = new(2026, 11, 21);

    /// <summary>The seeded clusters, with one of them valid for 5 years to prove the validity comes from the scheme.</summary>
    internal static readonly List<Scheme> Schemes = LoadSchemes();

    private static List<Scheme> LoadSchemes()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceDataSeeder.ReferenceDirectory, "clusters.json")));
        return doc.RootElement.GetProperty("clusters").EnumerateArray()
            .Select((c, i) => new Scheme { Id = i + 1, Key = c.GetProperty("key").GetString()!, Name = c.GetProperty("name").GetString()! })
            .Select(s => { if (s.Key == "layanan-dasar") s.ValidityYears = 5; return s; })
            .ToList();
    }

    private static readonly Lazy<DemoProvince> Kalsel = new(() => DemoGenerator.Generate(ProvinceSpec.Kalsel, DemoCounts.Kalsel, Now, Schemes));
    private static List<Person> People => Kalsel.Value.People.Select(p => p.Person).ToList();
    private static readonly HashSet<string> KalselRegencies = ProvinceSpec.Kalsel.Regencies.Select(r => r.Code).ToHashSet();

    /// <summary>Everything a user could see, except the verification codes (random on purpose).</summary>
    private static List<string> Fingerprint(DemoProvince p) =>
        p.Libraries.Select(l => $"{l.Name}|{l.TypeCode}|{l.Npp}|{l.Ownership}|{l.Address}|{l.RegencyCode}|{l.HeadName}|{l.Phone}")
            .Concat(p.People.Select(x => $"{x.Nik}|{x.Person.Nip}|{x.Person.FullName}|{x.Person.DiplomaName}|{x.Person.Sex}|{x.Person.BirthPlace}|{x.Person.BirthDate}|" +
                $"{x.Person.Phone}|{x.Person.Email}|{x.Person.EducationLevel}|{x.Person.EducationField}|{x.Person.LibraryScienceEducation}|{x.Person.StaffCategoryCode}|" +
                $"{x.Person.FunctionalLevelCode}|{x.Person.EmploymentStatusCode}|{x.Person.Library?.Name}|{x.Person.RegencyCode}|{x.Person.LibraryWorkStart}|" +
                string.Join(",", x.Person.Certificates.Select(c => $"{c.SchemeId}:{c.Number}:{c.IssuedOn}:{c.ValidUntil}"))))
            .ToList();

    [Fact]
    public void The_same_seed_and_date_give_the_same_province_and_another_seed_a_different_one()
    {
        var again = DemoGenerator.Generate(ProvinceSpec.Kalsel, DemoCounts.Kalsel, Now, Schemes);
        Fingerprint(again).ShouldBe(Fingerprint(Kalsel.Value));

        var other = DemoGenerator.Generate(ProvinceSpec.Kalsel, DemoCounts.Kalsel, Now, Schemes, seed: 7);
        other.People.Select(p => p.Person.FullName).ShouldNotBe(Kalsel.Value.People.Select(p => p.Person.FullName));
    }

    [Fact]
    public void Kalsel_has_1200_people_and_600_libraries_of_every_type_in_all_13_regencies()
    {
        var libraries = Kalsel.Value.Libraries;
        People.Count.ShouldBe(1200);
        libraries.Count.ShouldBe(600);
        People.Select(p => p.RegencyCode).Distinct().Order().ShouldBe(KalselRegencies.Order());
        libraries.Select(l => l.RegencyCode).Distinct().Order().ShouldBe(KalselRegencies.Order());
        People.ShouldAllBe(p => p.ProvinceCode == "63");

        var byType = libraries.GroupBy(l => l.TypeCode).ToDictionary(g => g.Key, g => g.Count());
        byType.Keys.Order().ShouldBe(["khusus", "komunitas", "perguruan-tinggi", "sekolah", "umum-desa", "umum-kabkota", "umum-kecamatan", "umum-provinsi"]);
        byType["sekolah"].ShouldBeGreaterThan(libraries.Count / 2);
        libraries.Where(l => l.TypeCode == "umum-kabkota").Select(l => l.RegencyCode).Order().ShouldBe(KalselRegencies.Order());
        libraries.Where(l => l.TypeCode == "umum-provinsi").ShouldHaveSingleItem().RegencyCode.ShouldBe("63.71");

        // Bigger regencies get more: Banjarmasin, Banjar and Tanah Laut above the small Balangan.
        var perRegency = People.GroupBy(p => p.RegencyCode).ToDictionary(g => g.Key, g => g.Count());
        perRegency["63.71"].ShouldBeGreaterThan(perRegency["63.11"] * 3);
        perRegency["63.03"].ShouldBeGreaterThan(perRegency["63.11"] * 3);
        perRegency["63.01"].ShouldBeGreaterThan(perRegency["63.11"]);
    }

    [Fact]
    public void Every_NPP_starts_with_its_regency_digits_and_is_unique_and_library_names_are_unique_per_regency()
    {
        var libraries = Kalsel.Value.Libraries;
        var withNpp = libraries.Where(l => l.Npp is not null).ToList();
        withNpp.Count.ShouldBeGreaterThan(libraries.Count / 2);
        withNpp.ShouldAllBe(l => IdentityNumbers.ValidateNpp(l.Npp, l.RegencyCode).Count == 0);
        withNpp.Select(l => l.Npp).ShouldBeUnique();
        libraries.Select(l => (l.RegencyCode, l.Name)).ShouldBeUnique();
    }

    [Fact]
    public void Every_NIK_is_valid_for_the_birth_date_sex_and_regency_and_no_two_are_the_same()
    {
        foreach (var (person, nik) in Kalsel.Value.People)
        {
            IdentityNumbers.ValidateNik(nik, person.BirthDate, person.Sex, KalselRegencies.Contains).ShouldBeEmpty(nik);
            Region.RegencyCodeFromDigits(nik).ShouldBe(person.RegencyCode);
            person.NikMasked.ShouldBe(IdentityNumbers.MaskNik(nik));
        }
        Kalsel.Value.People.Select(p => p.Nik).ShouldBeUnique();
    }

    [Fact]
    public void Demo_e_mail_addresses_can_never_reach_a_real_inbox()
    {
        var emails = People.Where(p => p.Email is not null).Select(p => p.Email!).ToList();
        emails.Count.ShouldBeGreaterThan(People.Count / 2);
        emails.ShouldAllBe(e => e.EndsWith(".example"));
    }

    [Fact]
    public void Civil_servants_and_only_they_have_a_valid_unique_NIP()
    {
        People.Where(p => p.EmploymentStatusCode == "pns").ShouldAllBe(p => p.Nip != null);
        People.Where(p => p.EmploymentStatusCode != "pns").ShouldAllBe(p => p.Nip == null);
        foreach (var p in People.Where(p => p.Nip is not null))
        {
            IdentityNumbers.ValidateNip(p.Nip, p.BirthDate, p.Sex).ShouldBeEmpty(p.Nip);
        }
        People.Where(p => p.Nip is not null).Select(p => p.Nip).ShouldBeUnique();
    }

    [Fact]
    public void People_have_the_mix_of_a_real_roster()
    {
        People.Select(p => p.StaffCategoryCode).Distinct().Order().ShouldBe(["pengelola", "pustakawan", "tenaga-teknis"]);
        People.Select(p => p.EmploymentStatusCode).Distinct().Order().ShouldBe(["non-asn", "pns", "pppk", "relawan", "swasta"]);
        var levels = People.Select(p => p.FunctionalLevelCode).ToHashSet();
        levels.ShouldContain("tidak-ada");
        levels.ShouldContain("ahli-pertama");
        levels.ShouldContain("pustakawan-terampil"); // a legacy level
        levels.ShouldBeSubsetOf(ReferenceDataSeeder.ReferenceItems.Where(r => r.Kind == ReferenceKind.FunctionalLevel).Select(r => (string?)r.Code));
        var education = People.Select(p => p.EducationLevel).ToHashSet();
        new[] { EducationLevel.SLTA, EducationLevel.D2, EducationLevel.D3, EducationLevel.S1 }.ShouldBeSubsetOf(education);
        People.ShouldContain(p => p.EducationLevel == EducationLevel.S1 && p.LibraryScienceEducation && p.EducationField == "Ilmu Perpustakaan");
        People.ShouldContain(p => p.EducationLevel == EducationLevel.S1 && !p.LibraryScienceEducation);
        People.ShouldAllBe(p => p.DiplomaName == null || p.DiplomaName == p.DiplomaName.ToUpperInvariant());
        People.Where(p => p.Phone != null).ShouldAllBe(p => Regex.IsMatch(p.Phone!, @"^08\d{9,10}$"));
        People.ShouldAllBe(p => p.LibraryWorkStart != null && p.LibraryWorkStart >= p.BirthDate.AddYears(14) && p.LibraryWorkStart <= Today);
        People.ShouldAllBe(p => p.Library == null || p.Library.RegencyCode == p.RegencyCode);
        People.Count(p => p.Library == null).ShouldBeLessThan(People.Count / 10);
        People.ShouldAllBe(p => p.CreatedAt.Offset == TimeSpan.Zero); // timestamptz takes UTC only, wherever the server runs
    }

    [Fact]
    public void About_123_people_hold_certificates_valid_for_their_schemes_validity()
    {
        var holders = People.Where(p => p.Certificates.Count > 0).ToList();
        holders.Count.ShouldBe(123);
        var certificates = holders.SelectMany(p => p.Certificates.Select(c => (Person: p, Certificate: c))).ToList();
        var schemes = Schemes.ToDictionary(s => s.Id);
        foreach (var (person, c) in certificates)
        {
            c.ValidUntil.ShouldBe(c.IssuedOn.AddYears(schemes[c.SchemeId].ValidityYears));
            c.IssuedOn.Year.ShouldBeInRange(2019, 2025);
            c.IssuedOn.ShouldBeGreaterThan(person.LibraryWorkStart!.Value);
            c.Source.ShouldBe(CertificateSource.Registry);
            c.VerificationCode.ShouldMatch("^[0-9A-HJKMNP-TV-Z]{10}$");
        }
        certificates.Select(x => x.Certificate.VerificationCode).ShouldBeUnique();
        certificates.Select(x => (x.Certificate.SchemeId, x.Certificate.Number)).ShouldBeUnique();
        certificates.Select(x => x.Certificate.SchemeId).Distinct().Count().ShouldBeGreaterThan(5);
        certificates.Select(x => x.Certificate.IssuedOn.Year).Distinct().Count().ShouldBe(7);
        certificates.ShouldContain(x => x.Certificate.ValidUntil < Today, "some expired");
        certificates.ShouldContain(x => x.Certificate.ValidUntil >= Today && x.Certificate.ValidUntil <= Today.AddDays(Certificate.ExpiringWithinDays), "some expiring");
        certificates.ShouldContain(x => x.Certificate.ValidUntil > Today.AddDays(Certificate.ExpiringWithinDays), "some valid for long");
        holders.Count(p => p.StaffCategoryCode == "pustakawan").ShouldBeGreaterThan(holders.Count / 2);
    }

    [Fact]
    public void Another_province_can_be_generated_from_its_region_list()
    {
        var spec = ProvinceSpec.FromRegions("62", "Kalimantan Tengah", [("62.01", "Kabupaten Kotawaringin Barat", 1), ("62.02", "Kabupaten Kotawaringin Timur", 2), ("62.71", "Kota Palangka Raya", 1)]);
        var province = DemoGenerator.Generate(spec, new DemoCounts(40, 90, 9), Now, Schemes, seed: 62);
        province.People.Count.ShouldBe(90);
        province.Libraries.Count.ShouldBe(40);
        province.Libraries.Where(l => l.TypeCode == "umum-provinsi").ShouldHaveSingleItem().RegencyCode.ShouldBe("62.71");
        province.People.ShouldAllBe(p => IdentityNumbers.ValidateNik(p.Nik, p.Person.BirthDate, p.Person.Sex, c => c.StartsWith("62.")).Count == 0);
        province.People.Count(p => p.Person.Certificates.Count > 0).ShouldBe(9);
    }
}

/// <summary>A fresh database with the demo loaded once, before any test of the class runs.</summary>
public class DemoLoadedFactory : KompetenFactory, IAsyncLifetime
{
    public DemoSummary FirstLoad { get; private set; } = null!;
    public TimeSpan LoadTime { get; private set; }

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var watch = Stopwatch.StartNew();
        FirstLoad = await WithServicesAsync(sp => sp.GetRequiredService<DemoData>().LoadAsync(printAccounts: false));
        LoadTime = watch.Elapsed;
    }
}

public class DemoDataTests(DemoLoadedFactory app, ITestOutputHelper output) : IClassFixture<DemoLoadedFactory>
{
    [Fact]
    public async Task Loading_stores_the_Kalsel_demo_with_protected_NIKs_and_certificates_valid_for_their_scheme()
    {
        output.WriteLine($"Demo loaded in {app.LoadTime.TotalSeconds:N1} s");
        app.FirstLoad.Status.ShouldBe(DemoStatus.LoadedNow);
        app.FirstLoad.People.ShouldBe(1200);
        app.FirstLoad.Libraries.ShouldBe(600);
        app.FirstLoad.CertifiedPeople.ShouldBe(123);

        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var nik = sp.GetRequiredService<NikProtector>();
            (await db.People.CountAsync(p => p.ProvinceCode == "63")).ShouldBe(1200);
            (await db.Libraries.CountAsync(l => l.ProvinceCode == "63")).ShouldBe(600);
            (await db.People.CountAsync(p => p.Certificates.Any())).ShouldBe(123);
            (await db.People.CountAsync(p => p.LibraryId != null)).ShouldBeGreaterThan(1000);
            (await db.Certificates.CountAsync(c => c.ValidUntil != c.IssuedOn.AddYears(c.Scheme!.ValidityYears))).ShouldBe(0);

            var sample = await db.People.OrderBy(p => p.Id).Take(50).ToListAsync();
            foreach (var p in sample)
            {
                var plain = nik.Unprotect(p.NikCipher);
                nik.Hash(plain).ShouldBe(p.NikHash);
                IdentityNumbers.MaskNik(plain).ShouldBe(p.NikMasked);
                IdentityNumbers.ValidateNik(plain, p.BirthDate, p.Sex, c => c.StartsWith("63.")).ShouldBeEmpty();
            }
            return 0;
        });
    }

    [Fact]
    public async Task Loading_twice_changes_nothing()
    {
        async Task<string> Snapshot() => await app.WithDbAsync(async db => string.Join(",",
            await db.People.CountAsync(), await db.Libraries.CountAsync(), await db.Certificates.CountAsync(),
            await db.Users.CountAsync(), await db.AuditEntries.CountAsync(), await db.SystemSettings.CountAsync()));

        var before = await Snapshot();
        var second = await app.WithServicesAsync(sp => sp.GetRequiredService<DemoData>().LoadAsync(printAccounts: false));
        (await Snapshot()).ShouldBe(before);

        second.Status.ShouldBe(DemoStatus.AlreadyLoaded);
        second.People.ShouldBe(1200);
        second.Accounts.Select(a => a.Email).Order().ShouldBe(app.FirstLoad.Accounts.Select(a => a.Email).Order());
        second.Accounts.ShouldAllBe(a => a.Password == null);
    }

    [Fact]
    public async Task Every_demo_account_signs_in_with_the_password_from_the_summary()
    {
        var accounts = app.FirstLoad.Accounts;
        accounts.Select(a => a.Role).Distinct().Order().ShouldBe(Roles.All.Order());
        foreach (var a in accounts)
        {
            a.Password.ShouldNotBeNullOrWhiteSpace();
            using var client = await app.SignInAsync(a.Email, a.Password!);
        }
        accounts.Select(a => a.Password).ShouldBeUnique();
    }

    [Fact]
    public async Task There_is_an_operator_for_each_of_the_13_regencies_and_the_participant_is_a_registry_person()
    {
        var operators = app.FirstLoad.Accounts.Where(a => a.Role == Roles.Operator).ToList();
        operators.Select(a => a.RegionCode).Order().ShouldBe(ProvinceSpec.Kalsel.Regencies.Select(r => r.Code).Order());
        operators.ShouldAllBe(a => Regex.IsMatch(a.RegionCode!, @"^63\.\d\d$"));
        app.FirstLoad.Accounts.Where(a => a.Role is Roles.AdminProvinsi or Roles.Pimpinan or Roles.Pendamping).ShouldAllBe(a => a.RegionCode == "63");

        var participant = app.FirstLoad.Accounts.Single(a => a.Role == Roles.Peserta);
        await app.WithServicesAsync(async sp =>
        {
            var user = await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(participant.Email);
            user!.PersonId.ShouldNotBeNull();
            var person = await sp.GetRequiredService<AppDbContext>().People.SingleAsync(p => p.Id == user.PersonId);
            user.RegionCode.ShouldBe(person.RegencyCode);
            user.FullName.ShouldBe(person.FullName);
            return 0;
        });
    }

    [Fact]
    public async Task The_accounts_file_holds_every_password_and_only_its_owner_can_read_it()
    {
        var path = app.FirstLoad.AccountsFile;
        path.ShouldNotBeNull();
        Path.GetFileName(path).ShouldBe("demo-accounts.txt");
        var text = await File.ReadAllTextAsync(path);
        foreach (var a in app.FirstLoad.Accounts)
        {
            text.ShouldContain(a.Email);
            text.ShouldContain(a.Password!);
        }
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task The_demo_page_shows_an_Admin_Provinsi_the_loaded_data_and_the_accounts_without_passwords()
    {
        using var client = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var response = await client.GetAsync("/Admin/Demo");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Data demo sudah dimuat");
        html.ShouldContain("operator.6301@" + DemoData.EmailDomain);
        foreach (var a in app.FirstLoad.Accounts) html.ShouldNotContain(a.Password!);

        var again = await client.PostFormAsync("/Admin/Demo", []);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldContain("Memuat ulang tidak mengubah apa pun");

        (await client.GetAsync("/Admin")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/Admin/Demo")]
    [InlineData("/Admin")]
    public async Task The_admin_pages_are_refused_to_an_operator(string url)
    {
        using var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.GetAsync(url);
        if (response.StatusCode == HttpStatusCode.Redirect) response.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        else response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

/// <summary>The button on a fresh database, as a provincial administrator uses it.</summary>
public class DemoPageTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task Loading_from_the_page_shows_the_passwords_once_and_adds_no_national_admin_where_an_admin_exists()
    {
        using var client = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        (await client.GetStringAsync("/Admin/Demo")).ShouldContain("Muat data demo");

        var response = await client.PostFormAsync("/Admin/Demo", []);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Data demo berhasil dimuat");
        html.ShouldContain("Simpan kata sandi");
        Regex.Matches(html, @"<code class=""user-select-all"">[a-z2-9]{4}(-[a-z2-9]{4}){3}</code>").Count.ShouldBe(17);
        html.ShouldNotContain("admin.nasional@");

        // Reloading the page no longer shows any password.
        Regex.IsMatch(await client.GetStringAsync("/Admin/Demo"), @"[a-z2-9]{4}(-[a-z2-9]{4}){3}").ShouldBeFalse();
    }

    [Fact]
    public async Task An_administrator_of_another_province_cannot_load_the_Kalsel_demo()
    {
        using var client = await app.ClientForAsync(Roles.AdminProvinsi, "62");
        var response = await client.PostFormAsync("/Admin/Demo", []);
        (await response.Content.ReadAsStringAsync()).ShouldContain("hanya dapat dimuat oleh Admin Nasional atau Admin Provinsi Kalimantan Selatan");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("berhasil dimuat");
    }
}

/// <summary>Demo data never mixes with a real roster.</summary>
public class DemoRefusalTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task The_demo_is_refused_when_the_province_already_has_registry_data()
    {
        await app.AddPersonAsync("63.01");
        var summary = await app.WithServicesAsync(sp => sp.GetRequiredService<DemoData>().LoadAsync(printAccounts: false));
        summary.Status.ShouldBe(DemoStatus.Refused);
        (await app.WithDbAsync(db => db.People.CountAsync())).ShouldBe(1);
        (await app.WithDbAsync(db => db.Users.CountAsync())).ShouldBe(0);
    }
}
