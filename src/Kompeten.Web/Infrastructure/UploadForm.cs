using Kompeten.Web.Features.Registry.Import;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Infrastructure;

/// <summary>
/// For a page whose upload handler shares the page with other POST handlers. The upload's form is
/// read with the upload's own limit (<see cref="Uploads.ReadFormAsync"/>, as the roster import does)
/// before the antiforgery check or model binding read it with the server's: otherwise a body over
/// the server's limit fails inside the antiforgery check and the answer is an empty 400 instead of
/// "Berkas terlalu besar…". The page must carry <c>[IgnoreAntiforgeryToken]</c>, because this
/// filter checks the token itself, for every POST handler of the page, after the size check.
/// A refused upload is not read at all: its handler sees an empty form and <see cref="Refusal"/>,
/// shows the message and changes nothing (so skipping the token check for it is harmless).
/// </summary>
/// <param name="handlers">The page handlers that take an upload, e.g. "Import".</param>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadFormAttribute(params string[] handlers) : Attribute, IAsyncAuthorizationFilter
{
    /// <summary>The largest file accepted, in bytes; 0 means <see cref="ImportOptions.MaxFileBytes"/> (spreadsheet imports).</summary>
    public long MaxBytes { get; set; }

    /// <summary>Why the upload of this request was refused before it was read: the message for the user and the HTTP status (413, or 415 when it is not multipart).</summary>
    public sealed record Refused(string Message, int Status);

    public static Refused? Refusal(HttpContext http) => http.Features.Get<Refused>();

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)) return;

        // Razor Pages take the handler from the route or the query string, never from the body.
        var handler = context.RouteData.Values["handler"] as string ?? http.Request.Query["handler"].ToString();
        if (handlers.Contains(handler, StringComparer.OrdinalIgnoreCase))
        {
            var limit = MaxBytes > 0 ? MaxBytes : http.RequestServices.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes;
            var (form, error, status) = await Uploads.ReadFormAsync(http, limit, http.RequestAborted);
            if (form is null)
            {
                http.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                http.Features.Set(new Refused(error!, status));
                return;
            }
        }

        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentType = "text/plain; charset=utf-8",
                Content = "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman ini lalu kirim lagi.",
            };
        }
    }
}
