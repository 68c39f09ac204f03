using Microsoft.Playwright;

namespace Kompeten.Web.Infrastructure;

/// <summary>
/// HTML → PDF through Debian's Chromium driven by Playwright (never `playwright install`).
/// One browser per process, launched on first use; each rendering gets its own short-lived
/// context, so concurrent renderings do not share state. The path can be changed with
/// Kompeten:ChromiumPath (or KOMPETEN_CHROMIUM).
/// </summary>
public sealed class PdfRenderer(IConfiguration config, ILogger<PdfRenderer> log) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<byte[]> RenderAsync(string html, bool landscape = false, CancellationToken ct = default)
    {
        var browser = await BrowserAsync(ct);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Offline = true });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
        ct.ThrowIfCancellationRequested();
        return await page.PdfAsync(new PagePdfOptions
        {
            Format = "A4",
            Landscape = landscape,
            PrintBackground = true,
            Margin = new Margin { Top = "15mm", Bottom = "15mm", Left = "15mm", Right = "15mm" },
        });
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken ct)
    {
        if (_browser is { IsConnected: true } ready) return ready;
        await _gate.WaitAsync(ct);
        try
        {
            if (_browser is { IsConnected: true } again) return again;
            if (_browser is not null) await _browser.DisposeAsync();
            _playwright ??= await Playwright.CreateAsync();
            var path = config["Kompeten:ChromiumPath"] ?? Environment.GetEnvironmentVariable("KOMPETEN_CHROMIUM") ?? "/usr/bin/chromium";
            log.LogInformation("Menjalankan Chromium untuk PDF: {Path}", path);
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _gate.Dispose();
    }
}
