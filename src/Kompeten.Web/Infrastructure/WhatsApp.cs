namespace Kompeten.Web.Infrastructure;

/// <summary>wa.me links from Indonesian phone numbers as people write them (0812…, +62 812…, 62812…).</summary>
public static class WhatsApp
{
    public static string? Number(string? phone)
    {
        var digits = new string((phone ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.StartsWith('0')) digits = "62" + digits[1..];
        else if (digits.StartsWith('8')) digits = "62" + digits;
        return digits.StartsWith("628", StringComparison.Ordinal) && digits.Length is >= 10 and <= 15 ? digits : null;
    }

    /// <summary>A link that opens a chat, optionally with a prepared message; null when the number is not a mobile number.</summary>
    public static string? Link(string? phone, string? message = null) =>
        Number(phone) is { } n ? $"https://wa.me/{n}" + (message is null ? "" : "?text=" + Uri.EscapeDataString(message)) : null;

    /// <summary>A link that lets the sender pick the chat (e.g. a WhatsApp group) for a prepared message.</summary>
    public static string Share(string message) => "https://wa.me/?text=" + Uri.EscapeDataString(message);
}
