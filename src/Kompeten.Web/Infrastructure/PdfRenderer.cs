using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Kompeten.Web.Infrastructure;

public sealed class PdfOptions
{
    /// <summary>Debian's Chromium; Playwright's own browser download is never used.</summary>
    public string ExecutablePath { get; set; } = "/usr/bin/chromium";

    /// <summary>Pages rendered at the same time, each a Chromium tab: one per core measured fastest (docs/benchmarks.md).</summary>
    public int MaxConcurrentPages { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Start Chromium and print one page in the background as soon as the app has started, so the
    /// first real PDF does not pay for the launch (100 certificates: 6.8 s cold against 4.1 s warm).
    /// </summary>
    public bool WarmUpAtStart { get; set; } = true;
}

/// <summary>Runs <see cref="PdfRenderer.WarmUpAsync"/> once the app has started, without delaying the start.</summary>
public sealed class PdfWarmUp(PdfRenderer renderer, IOptions<PdfOptions> options, IHostApplicationLifetime lifetime, ILogger<PdfWarmUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUpAtStart) return;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        try
        {
            await started.Task.WaitAsync(stoppingToken);
            await renderer.WarmUpAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // PDFs will say what is wrong when first asked for; the app itself runs without Chromium.
            log.LogWarning("Chromium untuk PDF belum bisa disiapkan: {Message}", ex.Message);
        }
    }
}

public enum PageOrientation
{
    Portrait,
    Landscape,
}

/// <summary>
/// HTML → PDF through one shared headless Chromium, started on first use and reused for every
/// document (starting a browser costs far more than a page). Margins come from the document's own
/// CSS (@page), so a template decides its layout.
/// </summary>
public sealed class PdfRenderer(IOptions<PdfOptions> options, ILogger<PdfRenderer> log) : IAsyncDisposable
{
    private readonly SemaphoreSlim _launch = new(1, 1);
    private readonly SemaphoreSlim _pages = new(Math.Max(1, options.Value.MaxConcurrentPages));
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<byte[]> RenderAsync(string html, PageOrientation orientation = PageOrientation.Portrait, CancellationToken ct = default)
    {
        var browser = await BrowserAsync();
        await _pages.WaitAsync(ct);
        try
        {
            var page = await browser.NewPageAsync();
            try
            {
                await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
                return await page.PdfAsync(PrintOptions(orientation));
            }
            finally
            {
                await page.CloseAsync();
            }
        }
        finally
        {
            _pages.Release();
        }
    }

    /// <summary>
    /// Many one-page documents from one HTML whose pages are the documents (e.g. a certificate per
    /// page): the HTML is laid out once per tab and each page printed on its own, which is far
    /// cheaper than loading every document separately. Chunks run in parallel tabs.
    /// </summary>
    private const int PagesPerLayout = 5;

    public async Task<byte[][]> RenderPagesAsync(IReadOnlyList<string> pageBodies, Func<IEnumerable<string>, string> document, PageOrientation orientation = PageOrientation.Portrait, CancellationToken ct = default)
    {
        if (pageBodies.Count == 0) return [];
        var browser = await BrowserAsync();
        var tabs = Math.Clamp(options.Value.MaxConcurrentPages, 1, pageBodies.Count);
        var size = (pageBodies.Count + tabs - 1) / tabs;
        var chunks = pageBodies.Chunk(size).ToList();
        var results = await Task.WhenAll(chunks.Select(async chunk =>
        {
            await _pages.WaitAsync(ct);
            try
            {
                var page = await browser.NewPageAsync();
                try
                {
                    // Chromium lays out the whole document for every print, even of one page, so a tab
                    // prints a few pages at a time rather than its whole chunk (cost stays linear).
                    var files = new List<byte[]>(chunk.Length);
                    foreach (var part in chunk.Chunk(PagesPerLayout))
                    {
                        await page.SetContentAsync(document(part), new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
                        for (var i = 0; i < part.Length; i++)
                        {
                            files.Add(await page.PdfAsync(PrintOptions(orientation, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
                        }
                    }
                    return files.ToArray();
                }
                finally
                {
                    await page.CloseAsync();
                }
            }
            finally
            {
                _pages.Release();
            }
        }));
        return results.SelectMany(r => r).ToArray();
    }

    /// <summary>A4, backgrounds printed, the document's own @page size and margins winning; optionally only some pages.</summary>
    private static PagePdfOptions PrintOptions(PageOrientation orientation, string? pageRanges = null) => new()
    {
        Format = "A4",
        Landscape = orientation == PageOrientation.Landscape,
        PrintBackground = true,
        PreferCSSPageSize = true,
        PageRanges = pageRanges,
    };

    /// <summary>Whether Chromium is running (started by a document or by the warm-up).</summary>
    public bool BrowserRunning => _browser is { IsConnected: true };

    /// <summary>Launches Chromium and prints a one-line page, so that the first real document starts warm.</summary>
    public async Task WarmUpAsync(CancellationToken ct = default)
    {
        var pdf = await RenderAsync("<!DOCTYPE html><html lang=\"id\"><body><p>Kompeten</p></body></html>", ct: ct);
        log.LogInformation("Chromium untuk PDF siap ({Bytes} bita untuk halaman uji)", pdf.Length);
    }

    private async Task<IBrowser> BrowserAsync()
    {
        if (_browser is { IsConnected: true } ready) return ready;
        await _launch.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true } again) return again;
            if (!File.Exists(options.Value.ExecutablePath))
            {
                throw new InvalidOperationException($"Chromium tidak ditemukan di {options.Value.ExecutablePath}. Pasang dengan `sudo apt-get install -y chromium`, atau atur Kompeten:Pdf:ExecutablePath.");
            }
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = options.Value.ExecutablePath,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            log.LogInformation("Chromium untuk PDF dijalankan ({Path})", options.Value.ExecutablePath);
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        _launch.Dispose();
        _pages.Dispose();
    }
}
