using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Kompeten.Tests.Account;

/// <summary>An e-mail the app tried to send.</summary>
public sealed record SentEmail(string To, string Subject, string HtmlBody)
{
    /// <summary>The first absolute link to the given page, e.g. "/Account/ResetPassword".</summary>
    public string LinkTo(string path)
    {
        var match = Regex.Match(HtmlBody, "https?://[^\\s\"<]+" + Regex.Escape(path) + "\\?code=[A-Za-z0-9_-]+");
        match.Success.ShouldBeTrue($"no link to {path} in: {HtmlBody}");
        return match.Value;
    }

    /// <summary>The link as a path and query, for the test client.</summary>
    public string RelativeLinkTo(string path) => new Uri(LinkTo(path)).PathAndQuery;
}

/// <summary>Stands in for SMTP: keeps every message and lets a test wait for one without sleeping.</summary>
public sealed class CapturingEmailSender : IEmailSender
{
    private readonly ConcurrentQueue<SentEmail> _sent = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public Task SendAsync(string to, string subject, string htmlBody, CancellationToken ct = default)
    {
        _sent.Enqueue(new SentEmail(to, subject, htmlBody));
        _arrived.Release();
        return Task.CompletedTask;
    }

    public IReadOnlyList<SentEmail> To(string address) =>
        _sent.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits for the <paramref name="number"/>-th message to the address (some are sent after the response).</summary>
    public async Task<SentEmail> WaitForAsync(string address, int number = 1)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (To(address).Count < number) await _arrived.WaitAsync(timeout.Token);
        return To(address)[number - 1];
    }
}

/// <summary>The app with e-mail captured instead of sent.</summary>
public class AccountFactory : KompetenFactory
{
    public CapturingEmailSender Mail { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<IEmailSender>();
        services.AddSingleton<IEmailSender>(Mail);
    }
}

/// <summary>
/// Identity's token providers read the system clock, so instead of waiting a week this app issues
/// reset and invitation links that are already past their lifetime.
/// </summary>
public class ExpiredLinksFactory : AccountFactory
{
    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromMinutes(-1));
        services.Configure<InvitationTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromMinutes(-1));
    }
}

/// <summary>The app with its real e-mail sender and no SMTP: messages go to the log, which the test reads.</summary>
public class LoggedEmailFactory : KompetenFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _written = new(0);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>Waits for a log line that matches (some are written after the response).</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            if (_lines.FirstOrDefault(match) is { } line) return line;
            await _written.WaitAsync(timeout.Token);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            provider._lines.Enqueue(formatter(state, exception));
            provider._written.Release();
        }
    }
}

public static class AccountPages
{
    private static readonly HtmlParser Parser = new();

    public static async Task<string> TextOfAsync(this HttpResponseMessage response, string selector)
    {
        var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        var element = document.QuerySelector(selector);
        element.ShouldNotBeNull($"no {selector} on the page");
        return Regex.Replace(element.TextContent, "\\s+", " ").Trim();
    }

    /// <summary>Every validation and summary message on the page, in one string.</summary>
    public static async Task<string> ErrorsAsync(this HttpResponseMessage response)
    {
        var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        return string.Join(" | ", document.QuerySelectorAll(".field-validation-error, .validation-summary-errors li, .alert-danger li, #link-problem")
            .Select(e => Regex.Replace(e.TextContent, "\\s+", " ").Trim()).Where(t => t.Length > 0));
    }

    public static async Task<HttpResponseMessage> SignInAttemptAsync(this HttpClient client, string email, string password) =>
        await client.PostFormAsync("/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public static void ShouldBeRedirectTo(this HttpResponseMessage response, string path)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString).ShouldStartWith(path);
    }
}
