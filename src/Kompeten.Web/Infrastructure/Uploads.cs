using Microsoft.AspNetCore.Http.Features;

namespace Kompeten.Web.Infrastructure;

/// <summary>Reads an upload within its own size limit, so that an oversized body becomes a message instead of an error page.</summary>
internal static class Uploads
{
    /// <summary>Room for the multipart boundaries and the other form fields around the file.</summary>
    public const long MultipartOverhead = 64 * 1024;

    public static async Task<(IFormCollection? Form, string? Error, int Status)> ReadFormAsync(HttpContext http, long maxFileBytes, CancellationToken ct)
    {
        var limit = maxFileBytes + MultipartOverhead;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (http.Request.ContentLength > limit) return (null, TabularFile.TooLarge(http.Request.ContentLength.Value, maxFileBytes).Message, 413);
        if (!http.Request.HasFormContentType)
        {
            return (null, "Kirim berkas sebagai multipart/form-data dengan field \"file\".", 415);
        }
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
        try
        {
            return (await http.Request.ReadFormAsync(ct), null, 200);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: 413 } or InvalidDataException)
        {
            return (null, $"Berkas terlalu besar; batasnya {TabularFile.Size(maxFileBytes)}. Bagi data menjadi beberapa berkas lalu unggah satu per satu.", 413);
        }
    }
}
