using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Kompeten.Web.Infrastructure;

/// <summary>
/// A query or body value that cannot be read (e.g. <c>?Certified=mungkin</c> on an export link, or
/// a JSON body that is not JSON) is answered 400 with a sentence in Bahasa Indonesia that names the
/// value, as problem details under /api and as plain text elsewhere, instead of an empty 400.
/// Minimal APIs throw <see cref="BadHttpRequestException"/> for these (RouteHandlerOptions.ThrowOnBadRequest).
/// </summary>
public sealed partial class BadRequests : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad || http.Response.HasStarted) return false;
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
        await KompetenServices.WriteErrorAsync(http, status, Explain(bad, status), ct);
        return true;
    }

    public static string Explain(BadHttpRequestException bad, int status)
    {
        if (status == StatusCodes.Status413PayloadTooLarge) return "Isi permintaan terlalu besar. Perkecil berkas atau kirim datanya dalam beberapa bagian.";
        if (BindFailure().Match(bad.Message) is { Success: true } bind)
        {
            return $"Nilai \"{bind.Groups["value"].Value}\" untuk {bind.Groups["name"].Value} tidak dapat dibaca. Periksa penyaring atau alamatnya (misalnya angka, tanggal, true/false), lalu coba lagi.";
        }
        if (Missing().Match(bad.Message) is { Success: true } missing)
        {
            return $"{missing.Groups["name"].Value} wajib diisi. Lengkapi permintaan, lalu coba lagi.";
        }
        if (BodyFailure().Match(bad.Message) is { Success: true })
        {
            return "Isi permintaan bukan JSON yang dapat dibaca. Periksa tanda kurung, tanda kutip, dan jenis nilainya (angka, teks, tanggal), lalu kirim ulang.";
        }
        return "Permintaan tidak dapat dibaca. Periksa alamat dan isinya, lalu coba lagi.";
    }

    // The framework's own wording (Microsoft.AspNetCore.Http.RequestDelegateFactory's log messages).
    [GeneratedRegex("""Failed to bind parameter "[^"]*?(?<name>\w+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""Required parameter "[^"]*?(?<name>\w+)" was not provided""")]
    private static partial Regex Missing();

    [GeneratedRegex("""(Failed to read parameter|Implicit body inferred).*JSON""")]
    private static partial Regex BodyFailure();
}
