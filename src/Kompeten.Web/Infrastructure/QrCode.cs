using QRCoder;

namespace Kompeten.Web.Infrastructure;

/// <summary>QR codes as PNG (bytes or data URI, for HTML and PDFs), drawn by QRCoder without System.Drawing.</summary>
public static class QrCode
{
    /// <summary>Error correction M (15 %): survives a crumpled printout, keeps codes small.</summary>
    public static byte[] Png(string text, int pixelsPerModule = 10)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string PngDataUri(string text, int pixelsPerModule = 10) => "data:image/png;base64," + Convert.ToBase64String(Png(text, pixelsPerModule));
}
