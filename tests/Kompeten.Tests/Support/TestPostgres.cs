using Kompeten.Web.Data;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kompeten.Tests.Support;

/// <summary>
/// One PostgreSQL server per test run — the app's own embedded one in a temporary directory, or
/// the server named by KOMPETEN_TEST_PG (an admin connection string) — and a migrated, seeded
/// template database from which each test class clones a fresh database.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<Server>> Instance = new(StartAsync);

    private sealed record Server(Func<string, string> ConnectionString, string Template, EmbeddedPostgres? Embedded);

    private static async Task<Server> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("KOMPETEN_TEST_PG");
        Server server;
        if (!string.IsNullOrWhiteSpace(external))
        {
            server = new Server(db => new NpgsqlConnectionStringBuilder(external) { Database = db }.ConnectionString, $"kompeten_tpl_{Guid.NewGuid():N}", null);
        }
        else
        {
            var dir = Path.Combine(Path.GetTempPath(), $"kompeten-test-pg-{Guid.NewGuid():N}");
            var pg = EmbeddedPostgres.Start(dir);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                NpgsqlConnection.ClearAllPools();
                pg.Stop();
                try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
            server = new Server(pg.ConnectionString, "kompeten_template", pg);
        }

        DatabaseSetup.EnsureDatabase(server.ConnectionString("postgres"), server.Template);
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(server.ConnectionString(server.Template)).Options;
        await using (var db = new AppDbContext(options))
        {
            await db.Database.MigrateAsync();
            await ReferenceDataSeeder.SeedAsync(db);
        }
        NpgsqlConnection.ClearAllPools();
        return server;
    }

    /// <summary>A new database cloned from the template; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string hint)
    {
        var server = await Instance.Value;
        var name = $"t_{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(28).ToArray())}_{Guid.NewGuid():N}";
        await using var conn = new NpgsqlConnection(server.ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{server.Template}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return server.ConnectionString(name) + ";Maximum Pool Size=400";
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var server = await Instance.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(server.ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
