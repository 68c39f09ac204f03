using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kompeten.Web.Data;

public static class DatabaseSetup
{
    public const string ConnectionName = "Kompeten";

    /// <summary>
    /// Uses ConnectionStrings:Kompeten when set; otherwise starts the embedded PostgreSQL in
    /// {Kompeten:DataDirectory}/pg and stops it when the app stops.
    /// </summary>
    public static void AddKompetenDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataDir = DataDirectory(builder.Configuration, builder.Environment);
            using var loggerFactory = LoggerFactory.Create(l => l.AddSimpleConsole());
            var pg = EmbeddedPostgres.Start(Path.Combine(dataDir, "pg"), loggerFactory.CreateLogger("Kompeten.EmbeddedPostgres"));
            builder.Services.AddSingleton(pg);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
            EnsureDatabase(pg.ConnectionString("postgres"), "kompeten");
            connectionString = pg.ConnectionString("kompeten");
            builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = connectionString;
        }

        var dataSource = new NpgsqlDataSourceBuilder(WithConnectionDefaults(connectionString)).Build();
        builder.Services.AddSingleton(dataSource);
        // Pooled: see AppDbContext's remarks.
        builder.Services.AddDbContextPool<AppDbContext>(o => o.UseNpgsql(dataSource));
    }

    /// <summary>
    /// Unless the connection string says otherwise: Npgsql prepares the statements a connection runs
    /// repeatedly, so PostgreSQL skips parsing and planning them (for the nomination's read,
    /// planning was ≈ 0.3 ms against 0.04 ms of execution), and does not reset a connection when it
    /// goes back to the pool (−28 % of PostgreSQL's processor time in the registration rush).
    /// See docs/decisions/0012-per-request-cost.md.
    /// </summary>
    public static string WithConnectionDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 200;
            builder.AutoPrepareMinUsages = 2;
        }
        // Kompeten keeps no session state on a connection (its locks and settings are per
        // transaction), so a pooled connection need not be reset each time it is returned.
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    public static string DataDirectory(IConfiguration config, IHostEnvironment env) =>
        Path.GetFullPath(config["Kompeten:DataDirectory"] ?? "data", env.ContentRootPath);

    public static void EnsureDatabase(string adminConnectionString, string name)
    {
        using var conn = new NpgsqlConnection(adminConnectionString);
        conn.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        exists.Parameters.AddWithValue("n", name);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            create.ExecuteNonQuery();
        }
    }

    /// <summary>Applies migrations and seeds the reference data; safe to run at every start.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // EF probes this table before creating it and logs the miss as an error; on a fresh database
        // that red "fail:" line is the first thing a newcomer sees. Same definition EF uses.
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE IF NOT EXISTS \"__EFMigrationsHistory\" (\"MigrationId\" character varying(150) NOT NULL PRIMARY KEY, \"ProductVersion\" character varying(32) NOT NULL)", ct);
        await db.Database.MigrateAsync(ct);
        await ReferenceDataSeeder.SeedAsync(db, ct);
    }

    private sealed class EmbeddedPostgresLifetime(EmbeddedPostgres pg) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            NpgsqlConnection.ClearAllPools();
            pg.Stop();
            return Task.CompletedTask;
        }
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting a server.</summary>
public sealed class DesignTimeDbContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
