namespace Kompeten.Web.Features.Verification;

/// <summary>How a holder's name appears on public pages (UU PDP): enough to match the person in front of you, not to find them.</summary>
public static class PublicName
{
    /// <summary>"Siti Aminah" → "Si** Am****"; no word is shown in full.</summary>
    public static string Mask(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
    {
        var keep = word.Length <= 3 ? 1 : 2;
        return word[..keep] + new string('*', word.Length - keep);
    }));
}
