using Kompeten.Tests.Support;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Training;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kompeten.Tests.Training;

/// <summary>A clock the tests move by hand (waiting-list offers expire after hours, deadlines pass); starts now unless told.</summary>
public sealed class ManualClock(DateTimeOffset? start = null) : TimeProvider
{
    private DateTimeOffset _now = start ?? DateTimeOffset.UtcNow;
    private readonly Lock _gate = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    /// <summary>
    /// "Local" is UTC, as on the servers and whatever the test machine's zone: the app must take its
    /// dates from AgencyTime (clock.Today()), and a test on this clock catches code that takes the server's date.
    /// </summary>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}

/// <summary>The app with a manual clock, no background sweep, and helpers to set up batches and people.</summary>
public class TrainingFactory : KompetenFactory
{
    public ManualClock Clock { get; } = new();
    private int _people;
    private int _programmes;

    public static readonly UserScope Province = new(ScopeLevel.Province, "63", null);
    public static UserScope Regency(string code) => new(ScopeLevel.Regency, code, null);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Kompeten:Training:SweepSeconds", "0");
        // Well under the test server's max_connections, so a burst of requests queues for a connection instead of failing.
        builder.UseSetting("ConnectionStrings:Kompeten", ConnectionString + ";Maximum Pool Size=60");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task<T> SeatsAsync<T>(Func<BatchSeats, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<BatchSeats>());
    }

    /// <summary>People of a regency with valid, distinct NIKs, inserted in one go; returns their ids.</summary>
    public Task<List<int>> AddPeopleAsync(string regency, int count, string namePrefix = "Peserta") => WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var nik = sp.GetRequiredService<NikProtector>();
        var people = new List<Person>();
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref _people);
            var birth = new DateOnly(1970, 1, 1).AddDays(n % 9000);
            var sex = n % 2 == 0 ? Sex.Female : Sex.Male;
            var number = TestData.Nik(regency, birth, sex, 1 + n % 9000);
            people.Add(new Person
            {
                NikCipher = nik.Protect(number),
                NikHash = nik.Hash(number),
                NikMasked = IdentityNumbers.MaskNik(number),
                FullName = $"{namePrefix} {regency} {n:0000}",
                Sex = sex,
                BirthDate = birth,
                EducationLevel = EducationLevel.S1,
                StaffCategoryCode = "pustakawan",
                EmploymentStatusCode = "pns",
                RegencyCode = regency,
                ProvinceCode = Region.ProvinceOf(regency),
            });
        }
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        return people.Select(p => p.Id).ToList();
    });

    /// <summary>A programme with one open batch; returns the batch id.</summary>
    public Task<int> AddBatchAsync(int capacity = 100, int pool = 0, Dictionary<string, int>? quotas = null,
        TimeSpan? deadlineIn = null, BatchStatus status = BatchStatus.Open, int sessions = 0, int rule = 80) => WithDbAsync(async db =>
    {
        var now = Clock.GetUtcNow();
        var programme = new Programme
        {
            Name = $"Bimtek Literasi Informasi Sertifikasi Pustakawan {Interlocked.Increment(ref _programmes)}",
            Year = 2026,
            Funding = FundingSource.ApbdProvinsi,
            ProvinceCode = "63",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var batch = new Batch
        {
            Programme = programme,
            Number = 1,
            ProvinceCode = "63",
            StartDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(30),
            EndDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(32),
            Venue = "Aula Dispersip Kalsel, Banjarbaru",
            Capacity = capacity,
            PoolSeats = pool,
            LessonHours = 24,
            Status = status,
            AttendanceRulePercent = rule,
            RegistrationOpensAt = now.AddDays(-1),
            RegistrationClosesAt = now.AddDays(20),
            NominationDeadline = now + (deadlineIn ?? TimeSpan.FromDays(10)),
            SignerName = "Dr. H. Nurliani, M.AP",
            SignerNip = "196805171993032005",
            SignerTitle = "Kepala Dinas Perpustakaan dan Kearsipan Provinsi Kalimantan Selatan",
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var (regency, seats) in quotas ?? []) batch.Quotas.Add(new BatchQuota { RegencyCode = regency, Seats = seats });
        for (var i = 1; i <= sessions; i++)
        {
            batch.Sessions.Add(new Session
            {
                SortOrder = i,
                Title = $"Sesi {i}: Penyusunan portofolio",
                Speaker = $"Narasumber {i}",
                Date = batch.StartDate.AddDays((i - 1) / 3),
                StartTime = new TimeOnly(8 + (i - 1) % 3 * 3, 0),
                EndTime = new TimeOnly(10 + (i - 1) % 3 * 3, 0),
                LessonHours = 3,
            });
        }
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        return batch.Id;
    });

    public Task<Batch> BatchAsync(int id) => WithDbAsync(db => db.Batches.AsNoTracking().Include(b => b.Quotas).FirstAsync(b => b.Id == id));
}
