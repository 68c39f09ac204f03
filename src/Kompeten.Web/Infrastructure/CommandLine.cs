using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Identity;

namespace Kompeten.Web.Infrastructure;

/// <summary>
/// Start-up switches. `create-admin` makes an account and exits; `--demo` loads the demo data
/// (once) before serving. KOMPETEN_ADMIN_EMAIL / KOMPETEN_ADMIN_PASSWORD create the first national
/// administrator when no administrator exists yet. No password is ever built into the code.
/// </summary>
public static class CommandLine
{
    /// <returns>true when the command was handled and the app should exit.</returns>
    public static async Task<bool> RunAsync(WebApplication app, string[] args)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kompeten");
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountSetup>();
        await accounts.EnsureRolesAsync();

        if (args.Length > 0 && args[0] == "create-admin")
        {
            var email = Option(args, "--email") ?? Environment.GetEnvironmentVariable("KOMPETEN_ADMIN_EMAIL");
            var name = Option(args, "--name") ?? "Administrator";
            var region = Option(args, "--region");
            var password = Environment.GetEnvironmentVariable("KOMPETEN_ADMIN_PASSWORD");
            if (string.IsNullOrWhiteSpace(password) && !Console.IsInputRedirected)
            {
                Console.Write("Kata sandi baru (minimal 10 karakter): ");
                password = ReadSecret();
            }
            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
            {
                Console.Error.WriteLine("Pemakaian: create-admin --email EMAIL [--name NAMA] [--region 63]  (kata sandi diketik, atau dari KOMPETEN_ADMIN_PASSWORD)");
                Environment.ExitCode = 2;
                return true;
            }
            var role = region is null ? Roles.AdminNasional : Roles.AdminProvinsi;
            var result = await accounts.CreateAsync(email, name, role, region, password);
            if (result.Succeeded) Console.WriteLine($"Akun {Roles.Labels[role]} {email} dibuat.");
            else
            {
                foreach (var e in result.Errors) Console.Error.WriteLine(e.Description);
                Environment.ExitCode = 1;
            }
            return true;
        }

        var envEmail = Environment.GetEnvironmentVariable("KOMPETEN_ADMIN_EMAIL");
        var envPassword = Environment.GetEnvironmentVariable("KOMPETEN_ADMIN_PASSWORD");
        if (!string.IsNullOrWhiteSpace(envEmail) && !string.IsNullOrWhiteSpace(envPassword) && !await accounts.AnyAdministratorAsync())
        {
            var result = await accounts.CreateAsync(envEmail, "Administrator", Roles.AdminNasional, null, envPassword);
            if (result.Succeeded) log.LogInformation("Administrator pertama {Email} dibuat dari variabel lingkungan.", envEmail);
            else log.LogError("Administrator pertama tidak dapat dibuat: {Errors}", string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        if (args.Contains("--demo"))
        {
            var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
            await demo.LoadAsync(printAccounts: true);
        }
        else if (!await accounts.AnyAdministratorAsync())
        {
            log.LogWarning("Belum ada administrator. Jalankan dengan --demo untuk data dan akun demo, atau: dotnet run --project src/Kompeten.Web -- create-admin --email EMAIL");
        }
        return false;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string ReadSecret()
    {
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace && chars.Count > 0) chars.RemoveAt(chars.Count - 1);
            else if (!char.IsControl(key.KeyChar)) chars.Add(key.KeyChar);
        }
        Console.WriteLine();
        return new string(chars.ToArray());
    }
}
