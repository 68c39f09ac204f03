using System.Diagnostics;

namespace Kompeten.Tests.Training;

/// <summary>Reads PDFs back as a person would: text through poppler's pdftotext, QR codes through pdftoppm + zbarimg.</summary>
public static class PdfTools
{
    public static async Task<string> TextAsync(byte[] pdf)
    {
        var file = await WriteAsync(pdf);
        try
        {
            return await RunAsync("pdftotext", $"-layout \"{file}\" -");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Every QR code on every page, as decoded text.</summary>
    public static async Task<List<string>> QrCodesAsync(byte[] pdf)
    {
        var file = await WriteAsync(pdf);
        var dir = Directory.CreateTempSubdirectory("kompeten-qr-");
        try
        {
            await RunAsync("pdftoppm", $"-png -r 150 \"{file}\" \"{Path.Combine(dir.FullName, "page")}\"");
            var codes = new List<string>();
            foreach (var png in Directory.GetFiles(dir.FullName, "*.png").Order())
            {
                var output = await RunAsync("zbarimg", $"--raw -q -Sdisable -Sqrcode.enable \"{png}\"", allowExitCodes: [0, 4]);
                codes.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
            return codes;
        }
        finally
        {
            File.Delete(file);
            dir.Delete(true);
        }
    }

    public static int PageCount(byte[] pdf) => System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;

    private static async Task<string> WriteAsync(byte[] pdf)
    {
        pdf.Length.ShouldBeGreaterThan(4);
        System.Text.Encoding.ASCII.GetString(pdf, 0, 4).ShouldBe("%PDF");
        var file = Path.Combine(Path.GetTempPath(), $"kompeten-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        return file;
    }

    private static async Task<string> RunAsync(string tool, string args, int[]? allowExitCodes = null)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (!(allowExitCodes ?? [0]).Contains(process.ExitCode)) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
