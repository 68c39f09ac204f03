namespace Kompeten.Web.Infrastructure;

/// <summary>
/// The address printed in e-mails, QR codes and verification links: Kompeten:PublicUrl when set
/// (production must set it — a link built from the request's Host header could point someone at
/// another server), otherwise the current request's own address.
/// </summary>
public static class PublicUrl
{
    public static string Root(IConfiguration config, HttpRequest? request)
    {
        var configured = config["Kompeten:PublicUrl"];
        if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/');
        if (request is null) throw new InvalidOperationException("Kompeten:PublicUrl belum diatur dan tidak ada permintaan yang sedang berjalan.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    /// <summary>The public verification link of a certificate (attendance or competency).</summary>
    public static string Verification(IConfiguration config, HttpRequest? request, string code) => $"{Root(config, request)}/v/{code}";
}
