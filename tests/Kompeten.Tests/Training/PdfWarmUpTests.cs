using Kompeten.Tests.Support;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Training;

/// <summary>The app starts Chromium for PDFs in the background as soon as it has started.</summary>
public class PdfWarmUpTests(PdfWarmUpTests.WarmFactory app) : IClassFixture<PdfWarmUpTests.WarmFactory>
{
    public sealed class WarmFactory : KompetenFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Kompeten:Pdf:WarmUpAtStart", "true");
        }
    }

    [Fact]
    public async Task Chromium_is_running_before_the_first_document_is_asked_for()
    {
        using var client = app.CreateClient();
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
        var renderer = app.Services.GetRequiredService<PdfRenderer>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!renderer.BrowserRunning && waited.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100);
        renderer.BrowserRunning.ShouldBeTrue("the warm-up should have launched Chromium without any PDF being requested");
    }

    [Fact]
    public async Task Test_instances_do_not_start_Chromium_unless_asked()
    {
        var cold = new KompetenFactory();
        await cold.InitializeAsync();
        try
        {
            using var client = cold.CreateClient();
            (await client.GetAsync("/health")).EnsureSuccessStatusCode();
            await Task.Delay(1500);
            cold.Services.GetRequiredService<PdfRenderer>().BrowserRunning.ShouldBeFalse();
        }
        finally
        {
            await cold.DisposeAsync();
        }
    }
}
