using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry;

/// <summary>The library search box of the page and the API: one meaning for "q" everywhere.</summary>
public static class LibrarySearch
{
    /// <summary>
    /// Libraries whose name contains the text, or whose NPP is the text typed as it is printed
    /// (with spaces, dots or dashes, any case): normalised exactly as an NPP is on save.
    /// </summary>
    public static IQueryable<Library> Matching(this IQueryable<Library> libraries, string? text)
    {
        var q = text?.Trim();
        if (string.IsNullOrEmpty(q)) return libraries;
        var pattern = LikePattern.Containing(q);
        // Only separators typed: no NPP to compare (comparing with null would match every library without one).
        return IdentityNumbers.NormalizeNpp(q) is { } npp
            ? libraries.Where(l => EF.Functions.ILike(l.Name, pattern, LikePattern.Escape) || l.Npp == npp)
            : libraries.Where(l => EF.Functions.ILike(l.Name, pattern, LikePattern.Escape));
    }
}
