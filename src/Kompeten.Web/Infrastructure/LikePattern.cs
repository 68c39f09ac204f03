namespace Kompeten.Web.Infrastructure;

/// <summary>
/// ILIKE patterns for every search box: typed %, _ and \ are matched as themselves. Pass
/// <see cref="Escape"/> to ILike: without it Npgsql sends ESCAPE '' and the backslashes would be literal.
/// </summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Containing(string text) => "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
