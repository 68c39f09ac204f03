using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Kompeten.Web.Infrastructure;

/// <summary>
/// A private PostgreSQL server started from the binaries installed on the machine, used when no
/// connection string is configured (see docs/decisions/0003-embedded-postgresql.md). The tests use
/// the same class with a throw-away data directory.
/// </summary>
public sealed class EmbeddedPostgres : IDisposable
{
    public const string SuperUser = "kompeten";

    private readonly string _binDir;
    private bool _started;

    public string DataDirectory { get; }
    public int Port { get; private set; }

    private EmbeddedPostgres(string binDir, string dataDirectory)
    {
        _binDir = binDir;
        DataDirectory = dataDirectory;
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Database={database};Pooling=true;Maximum Pool Size=100;Include Error Detail=true";

    /// <summary>Finds the server binaries, or explains in one message how to get them.</summary>
    public static string FindBinDirectory()
    {
        var candidates = new List<string>();
        var env = Environment.GetEnvironmentVariable("KOMPETEN_PG_BINDIR");
        if (!string.IsNullOrWhiteSpace(env)) candidates.Add(env);
        var fromPgConfig = RunCapture("pg_config", "--bindir");
        if (!string.IsNullOrWhiteSpace(fromPgConfig)) candidates.Add(fromPgConfig.Trim());
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        foreach (var dir in candidates)
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        }
        throw new InvalidOperationException(
            "PostgreSQL server tidak ditemukan (initdb/pg_ctl). Pasang dengan `sudo apt-get install -y postgresql`, " +
            "atau atur connection string ke PostgreSQL yang sudah ada: " +
            "ConnectionStrings__Kompeten=\"Host=...;Database=kompeten;Username=...;Password=...\".");
    }

    /// <summary>Creates the data directory on first use, then starts the server on a free loopback port.</summary>
    public static EmbeddedPostgres Start(string dataDirectory, ILogger? logger = null)
    {
        var pg = new EmbeddedPostgres(FindBinDirectory(), Path.GetFullPath(dataDirectory));
        pg.StartCore(logger);
        return pg;
    }

    private void StartCore(ILogger? logger)
    {
        Directory.CreateDirectory(DataDirectory);
        var asRoot = IsRoot();
        if (asRoot) Run("chown", $"-R postgres:postgres \"{DataDirectory}\"", asPostgres: false);

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            logger?.LogInformation("Membuat data PostgreSQL baru di {Dir}", DataDirectory);
            Run(Path.Combine(_binDir, "initdb"),
                $"-D \"{DataDirectory}\" -A trust -U {SuperUser} --no-sync -E UTF8 --locale=C.UTF-8", asRoot);
        }

        // A server left running by a process that was killed: stop it before starting ours.
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            Run(Path.Combine(_binDir, "pg_ctl"), $"-D \"{DataDirectory}\" -m fast -w stop", asRoot, throwOnError: false);
            var stalePid = Path.Combine(DataDirectory, "postmaster.pid");
            if (File.Exists(stalePid)) File.Delete(stalePid);
        }

        Port = FreePort();
        var log = Path.Combine(DataDirectory, "server.log");
        var options = $"-p {Port} -k '{DataDirectory}' -c listen_addresses=127.0.0.1 -c fsync=off " +
                      "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB";
        Run(Path.Combine(_binDir, "pg_ctl"), $"-D \"{DataDirectory}\" -l \"{log}\" -o \"{options}\" -w -t 60 start", asRoot);
        _started = true;
        logger?.LogInformation("PostgreSQL tersemat berjalan di 127.0.0.1:{Port}", Port);
    }

    public void Stop()
    {
        if (!_started) return;
        _started = false;
        Run(Path.Combine(_binDir, "pg_ctl"), $"-D \"{DataDirectory}\" -m fast -w stop", IsRoot(), throwOnError: false);
    }

    public void Dispose() => Stop();

    private static bool IsRoot() => OperatingSystem.IsLinux() && geteuid() == 0;

    [DllImport("libc")]
    private static extern uint geteuid();

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Run(string file, string args, bool asPostgres, bool throwOnError = true)
    {
        var psi = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {args}")
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        // pg_ctl keeps the server attached to our stdout otherwise; the log file takes its output.
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Tidak dapat menjalankan {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException($"{file} {args} tidak selesai dalam 120 detik"); }
        if (p.ExitCode != 0 && throwOnError)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} gagal (kode {p.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }

    private static string? RunCapture(string file, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit(10_000);
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
