using System.Threading.RateLimiting;

namespace Kompeten.Web.Infrastructure;

/// <summary>
/// How every rate-limited route answers when a client asks too often: 429 with Retry-After, as
/// problem details under /api and as a plain Indonesian sentence elsewhere. Features add their own
/// policies (public verification, public statistics); this is the one rejection for all of them.
/// </summary>
public static class RateLimiting
{
    public const string Message = "Terlalu banyak permintaan dari alamat Anda. Tunggu satu menit, lalu coba lagi.";

    /// <summary>For limiters shared by everyone (not per address): the text a policy gives instead of <see cref="Message"/>.</summary>
    public sealed record RejectionMessage(string Text);

    public static void AddKompetenRateLimiting(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (ctx, ct) =>
        {
            var http = ctx.HttpContext;
            var message = http.GetEndpoint()?.Metadata.GetMetadata<RejectionMessage>()?.Text ?? Message;
            if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await KompetenServices.WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, message, ct);
        };
    });
}
