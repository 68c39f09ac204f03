using System.Security.Cryptography;
using System.Text;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Data;

public enum DemoStatus
{
    /// <summary>No demo data in this database yet.</summary>
    NotLoaded,
    /// <summary>Loaded by this call: the accounts carry their passwords.</summary>
    LoadedNow,
    /// <summary>Loaded earlier; nothing was changed.</summary>
    AlreadyLoaded,
    /// <summary>The province already holds real registry data, which demo data must not mix with.</summary>
    Refused,
}

/// <param name="Password">Only right after loading; never stored except in the demo accounts file.</param>
public sealed record DemoAccount(string Role, string Email, string FullName, string? RegionCode, string? Password)
{
    public string RoleLabel => Roles.Labels.GetValueOrDefault(Role, Role);

    /// <summary>Without the password, should an account ever end up in a log.</summary>
    public override string ToString() => $"{RoleLabel} {Email}";
}

public sealed record DemoSummary(DemoStatus Status, int Libraries, int People, int Certificates, int CertifiedPeople,
    IReadOnlyList<DemoAccount> Accounts, string? AccountsFile = null);

/// <summary>
/// Demo Kalimantan Selatan (issue "Foundation" §2): ~600 libraries, ~1,200 staff of whom 123 are
/// certified, and one account per role with a random password. Loads once: a marker in
/// system_settings, written in the same transaction as the data, makes later calls no-ops.
/// </summary>
public sealed class DemoData(
    AppDbContext db,
    NikProtector nik,
    AccountSetup accounts,
    TimeProvider clock,
    IConfiguration config,
    IHostEnvironment env,
    ILogger<DemoData> log)
{
    public const string ProvinceCode = "63";

    /// <summary>A reserved domain (RFC 2606): nothing is ever mailed to a demo account by mistake.</summary>
    public const string EmailDomain = "demo.kompeten.example";

    public const string AccountsFileName = "demo-accounts.txt";
    private const string LoadedSetting = "demo-data-loaded";

    /// <summary>Serialises concurrent loads (two administrators clicking at once).</summary>
    private const long LockKey = 0x6B6F6D_64656D6F; // "kom" "demo"

    public async Task<DemoSummary> StatusAsync(CancellationToken ct = default) =>
        await IsLoadedAsync(ct) ? await LoadedSummaryAsync(ct) : Empty(DemoStatus.NotLoaded);

    public async Task<DemoSummary> LoadAsync(bool printAccounts, CancellationToken ct = default)
    {
        if (await IsLoadedAsync(ct)) return Report(await LoadedSummaryAsync(ct), printAccounts);
        if (await HasRealDataAsync(ct)) return Report(Empty(DemoStatus.Refused), printAccounts);

        var started = clock.GetTimestamp();
        var schemes = await db.Schemes.AsNoTracking().ToListAsync(ct);
        var generated = DemoGenerator.Generate(ProvinceSpec.Kalsel, DemoCounts.Kalsel, clock.AgencyNow(), schemes);
        // Before the transaction: the first hash may create the deployment's hash key on a connection of its own.
        foreach (var (person, number) in generated.People)
        {
            person.NikCipher = nik.Protect(number);
            person.NikHash = nik.Hash(number);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
        if (await IsLoadedAsync(ct)) return Report(await LoadedSummaryAsync(ct), printAccounts);
        if (await HasRealDataAsync(ct)) return Report(Empty(DemoStatus.Refused), printAccounts);

        var now = clock.GetUtcNow();
        db.AuditReason = "Memuat data demo";
        db.Libraries.AddRange(generated.Libraries);
        db.People.AddRange(generated.People.Select(p => p.Person));
        db.SystemSettings.Add(new SystemSetting { Key = LoadedSetting, Value = now.ToString("O") });
        await db.SaveChangesAsync(ct);

        var people = generated.People.Select(p => p.Person).ToList();
        // Mentors are certified librarians themselves.
        var mentor = people.FirstOrDefault(p => p.Certificates.Count > 0 && p.StaffCategoryCode == "pustakawan") ?? people[0];
        // A participant-to-be: not yet certified, educated enough to be eligible, in Banjarbaru where the test site is.
        var participant = people.FirstOrDefault(p => p.Certificates.Count == 0 && p.StaffCategoryCode != "pustakawan"
            && p.EducationLevel >= EducationLevel.D3 && p.RegencyCode == "63.72")
            ?? people.First(p => p.Certificates.Count == 0);

        // Identity saves several times per account; thousands of tracked demo rows would be re-scanned on every save.
        db.ChangeTracker.Clear();

        var plan = new List<DemoAccount>
        {
            new(Roles.AdminProvinsi, $"admin.provinsi@{EmailDomain}", "Admin Dispersip Kalsel (demo)", ProvinceCode, NewPassword()),
            new(Roles.Pimpinan, $"pimpinan@{EmailDomain}", "Pimpinan Dispersip Kalsel (demo)", ProvinceCode, NewPassword()),
        };
        foreach (var r in ProvinceSpec.Kalsel.Regencies)
        {
            plan.Add(new(Roles.Operator, $"operator.{r.Code.Replace(".", "", StringComparison.Ordinal)}@{EmailDomain}", $"Operator {r.Name} (demo)", r.Code, NewPassword()));
        }
        plan.Add(new(Roles.Pendamping, $"pendamping@{EmailDomain}", mentor.FullName, ProvinceCode, NewPassword()));
        plan.Add(new(Roles.Peserta, $"peserta@{EmailDomain}", participant.FullName, participant.RegencyCode, NewPassword()));
        // The demo must never add a national administrator to an installation that already has its own.
        if (!await accounts.AnyAdministratorAsync()) plan.Insert(0, new(Roles.AdminNasional, $"admin.nasional@{EmailDomain}", "Admin Nasional (demo)", null, NewPassword()));

        foreach (var a in plan)
        {
            var personId = a.Role switch { Roles.Pendamping => mentor.Id, Roles.Peserta => participant.Id, _ => (int?)null };
            var result = await accounts.CreateAsync(a.Email, a.FullName, a.Role, a.RegionCode, a.Password, personId);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Akun demo {a.Email} tidak dapat dibuat: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }
        }
        await AddPipelineAsync(people, schemes, plan, ct);
        await tx.CommitAsync(ct);

        var summary = new DemoSummary(DemoStatus.LoadedNow, generated.Libraries.Count, people.Count,
            people.Sum(p => p.Certificates.Count), people.Count(p => p.Certificates.Count > 0), plan);
        summary = summary with { AccountsFile = WriteAccountsFile(summary) };
        log.LogInformation("Data demo dimuat dalam {Seconds:N1} detik: {Libraries} perpustakaan, {People} tenaga, {Certificates} sertifikat, {Accounts} akun.",
            clock.GetElapsedTime(started).TotalSeconds, summary.Libraries, summary.People, summary.Certificates, plan.Count);
        return Report(summary, printAccounts);
    }

    /// <summary>
    /// Certification history for the demo people (applications at every stage, mentors, assessment
    /// events, unit results), so the pipeline, mentor and dashboard screens show something real. The
    /// demo Pendamping account takes the place of the first generated mentor, with its candidates.
    /// </summary>
    private async Task AddPipelineAsync(List<Person> people, List<Scheme> schemes, List<DemoAccount> plan, CancellationToken ct)
    {
        var firstEventId = (await db.AssessmentEvents.MaxAsync(e => (int?)e.Id, ct) ?? 0) + 1;
        var pipeline = PipelineGenerator.Generate(ProvinceCode, people, schemes, clock.GetUtcNow(), PipelineCounts.Demo, firstEventId);
        var mentorEmail = plan.First(a => a.Role == Roles.Pendamping).Email;
        var mentorUser = await db.Users.AsNoTracking().FirstAsync(u => u.Email == mentorEmail, ct);
        if (pipeline.Mentors.FirstOrDefault() is { } first)
        {
            foreach (var a in pipeline.Applications.Where(a => a.MentorUserId == first.UserId)) a.MentorUserId = mentorUser.Id;
            first.UserId = mentorUser.Id;
            first.Name = mentorUser.FullName;
        }
        db.AssessmentEvents.AddRange(pipeline.Events);
        db.Mentors.AddRange(pipeline.Mentors);
        db.Applications.AddRange(pipeline.Applications);
        await db.SaveChangesAsync(ct);
        foreach (var (application, result) in pipeline.UnitResults) result.ApplicationId = application.Id;
        db.UnitResults.AddRange(pipeline.UnitResults.Select(r => r.Result));
        await db.SaveChangesAsync(ct);
        // Events were inserted with their ids; the next event an administrator creates continues after them.
        await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('assessment_events', 'id'), (SELECT max(id) FROM assessment_events))", ct);
        db.ChangeTracker.Clear();
    }

    private string AccountsFilePath => Path.Combine(DatabaseSetup.DataDirectory(config, env), AccountsFileName);

    private Task<bool> IsLoadedAsync(CancellationToken ct) => db.SystemSettings.AnyAsync(s => s.Key == LoadedSetting, ct);

    private Task<bool> HasRealDataAsync(CancellationToken ct) => db.People.AnyAsync(p => p.ProvinceCode == ProvinceCode, ct);

    private static DemoSummary Empty(DemoStatus status) => new(status, 0, 0, 0, 0, []);

    /// <summary>What is in the database now for the demo province, with the demo accounts (no passwords).</summary>
    private async Task<DemoSummary> LoadedSummaryAsync(CancellationToken ct)
    {
        var suffix = "@" + EmailDomain;
        var list = await (
                from u in db.Users
                where u.Email!.EndsWith(suffix)
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                select new { u.Email, u.FullName, u.RegionCode, Role = r.Name })
            .ToListAsync(ct);
        var demoAccounts = list
            .OrderBy(a => Array.IndexOf(Roles.All, a.Role)).ThenBy(a => a.RegionCode).ThenBy(a => a.Email)
            .Select(a => new DemoAccount(a.Role!, a.Email!, a.FullName, a.RegionCode, null))
            .ToList();
        return new DemoSummary(DemoStatus.AlreadyLoaded,
            await db.Libraries.CountAsync(l => l.ProvinceCode == ProvinceCode, ct),
            await db.People.CountAsync(p => p.ProvinceCode == ProvinceCode, ct),
            await db.Certificates.CountAsync(c => c.Person!.ProvinceCode == ProvinceCode, ct),
            await db.People.CountAsync(p => p.ProvinceCode == ProvinceCode && p.Certificates.Any(), ct),
            demoAccounts,
            File.Exists(AccountsFilePath) ? AccountsFilePath : null);
    }

    /// <summary>16 characters, lowercase and digits in groups of four (always both kinds, as Identity requires).</summary>
    private static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        while (true)
        {
            var chars = RandomNumberGenerator.GetItems<char>(alphabet, 16);
            if (!chars.Any(char.IsAsciiDigit) || !chars.Any(char.IsAsciiLetter)) continue;
            return $"{chars.AsSpan(0, 4)}-{chars.AsSpan(4, 4)}-{chars.AsSpan(8, 4)}-{chars.AsSpan(12, 4)}";
        }
    }

    private static string AccountsText(DemoSummary summary)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Akun demo Kompeten (Kalimantan Selatan). Kata sandi hanya ditampilkan sekali: simpan di tempat aman,");
        sb.AppendLine("lalu hapus berkas ini. Ganti kata sandi sebelum aplikasi dipakai di luar lingkungan demo.");
        sb.AppendLine();
        foreach (var a in summary.Accounts)
        {
            sb.AppendLine($"{a.RoleLabel,-18} {a.RegionCode ?? "-",-6} {a.Email,-40} {a.Password}");
        }
        return sb.ToString();
    }

    /// <summary>Writes the accounts with their passwords, readable by the app's user only (mode 600).</summary>
    private string? WriteAccountsFile(DemoSummary summary)
    {
        var path = AccountsFilePath;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(path, options);
            // An older file keeps its mode on truncation: restrict it before anything secret is written.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.Write(AccountsText(summary));
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "Berkas akun demo {Path} tidak dapat ditulis; kata sandi hanya tampil di layar ini.", path);
            return null;
        }
    }

    private static DemoSummary Report(DemoSummary summary, bool print)
    {
        if (!print) return summary;
        switch (summary.Status)
        {
            case DemoStatus.LoadedNow:
                Console.WriteLine();
                Console.WriteLine($"Data demo dimuat: {summary.Libraries} perpustakaan, {summary.People} tenaga perpustakaan, {summary.Certificates} sertifikat milik {summary.CertifiedPeople} orang.");
                Console.Write(AccountsText(summary));
                if (summary.AccountsFile is not null) Console.WriteLine($"Daftar akun ini juga disimpan di {summary.AccountsFile} (hanya dapat dibaca pemilik).");
                Console.WriteLine();
                break;
            case DemoStatus.AlreadyLoaded:
                Console.WriteLine("Data demo sudah dimuat sebelumnya; tidak ada yang diubah. " + (summary.AccountsFile is null
                    ? "Daftar akun demo ada di halaman Administrasi › Data demo."
                    : $"Akun demo dan kata sandinya: {summary.AccountsFile}"));
                break;
            case DemoStatus.Refused:
                Console.WriteLine(RefusedMessage);
                break;
        }
        return summary;
    }

    public const string RefusedMessage =
        "Data demo tidak dimuat: basis data ini sudah berisi data tenaga perpustakaan Kalimantan Selatan. Data demo hanya untuk basis data yang masih kosong.";
}
