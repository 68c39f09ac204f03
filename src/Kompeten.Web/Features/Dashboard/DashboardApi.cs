using System.Text;
using System.Text.Json;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>
/// /api/v1/dashboard — the dashboard's figures for an area in the caller's scope — and the public
/// region boundaries (/peta/{code}.geojson) the dashboard and /statistik maps draw.
/// </summary>
public static class DashboardApi
{
    /// <summary>Rate-limiting policy of everything anonymous in the dashboard/statistics area.</summary>
    public const string PublicRatePolicy = "publik";

    public static void MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dashboard", GetDashboard).RequireAuthorization(Policies.DashboardRead)
            .WithTags("Dasbor").WithName("GetDashboard")
            .WithSummary("Angka dasbor sertifikasi untuk wilayah dalam cakupan Anda: region=ID (nasional), kode provinsi, atau kode kabupaten/kota.");

        app.MapGet("/peta/{code}.geojson", GetBoundaries).AllowAnonymous().RequireRateLimiting(PublicRatePolicy)
            .WithTags("Dasbor").WithName("GetBoundaries")
            .WithSummary("Batas wilayah (GeoJSON) anak dari sebuah wilayah: ID → provinsi, kode provinsi → kabupaten/kota. Data referensi publik, tanpa angka.");
    }

    private static async Task<Results<Ok<DashboardData>, NotFound<ProblemDetails>, ForbidHttpResult>> GetDashboard(
        string? region, int? year, AppDbContext db, DashboardQuery query, UserScope scope, TimeProvider clock, CancellationToken ct)
    {
        var (access, area) = await DashboardAreas.ResolveAsync(db, scope, region);
        if (access == AreaAccess.Unknown)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Wilayah tidak ditemukan", Detail = $"Tidak ada wilayah dengan kode '{region}'. Gunakan ID, kode provinsi (mis. 63) atau kode kabupaten/kota (mis. 63.01)." });
        }
        if (access == AreaAccess.Forbidden) return TypedResults.Forbid();
        var today = clock.Today();
        return TypedResults.Ok(await query.LoadAsync(area!, today, DashboardAreas.ValidYear(year, today), ct));
    }

    private static async Task<IResult> GetBoundaries(string code, BoundaryCache cache, HttpContext http, CancellationToken ct)
    {
        var json = await cache.ChildrenAsync(code, ct);
        if (json is null) return TypedResults.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Text(json, "application/geo+json", Encoding.UTF8);
    }
}

/// <summary>
/// The GeoJSON FeatureCollection of a region's children, built once from regions.boundary_geo_json
/// and kept in memory: boundaries change only when the reference data is re-seeded.
/// </summary>
public sealed class BoundaryCache(IServiceScopeFactory scopes, IMemoryCache cache)
{
    public sealed record Shape(string Code, string Name, string Geometry);

    /// <summary>The children of "ID" (provinces) or of a province (its regencies) that have a boundary; null for anything else.</summary>
    public async Task<IReadOnlyList<Shape>?> ShapesAsync(string code, CancellationToken ct = default)
    {
        code = code.Trim().ToUpperInvariant();
        if (code.Length > 13) return null;
        if (cache.TryGetValue(("shapes", code), out IReadOnlyList<Shape>? cached)) return cached;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var query = db.Regions.AsNoTracking();
        if (code == DashboardArea.NationalCode) query = query.Where(r => r.Level == RegionLevel.Province);
        else if (await db.Regions.AnyAsync(r => r.Code == code && r.Level == RegionLevel.Province, ct)) query = query.Where(r => r.ParentCode == code);
        else return null;
        var shapes = (await query.Where(r => r.BoundaryGeoJson != null).OrderBy(r => r.Code)
            .Select(r => new { r.Code, r.Name, r.BoundaryGeoJson }).ToListAsync(ct))
            .Select(r => new Shape(r.Code, r.Name, r.BoundaryGeoJson!)).ToList();
        cache.Set(("shapes", code), (IReadOnlyList<Shape>)shapes, TimeSpan.FromHours(6));
        return shapes;
    }

    /// <summary>The same shapes as one GeoJSON FeatureCollection (properties: code, name).</summary>
    public async Task<string?> ChildrenAsync(string code, CancellationToken ct = default)
    {
        var key = ("geojson", code.Trim().ToUpperInvariant());
        if (cache.TryGetValue(key, out string? cached)) return cached;
        var shapes = await ShapesAsync(code, ct);
        if (shapes is null) return null;

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var r in shapes)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("properties");
                w.WriteString("code", r.Code);
                w.WriteString("name", r.Name);
                w.WriteEndObject();
                w.WritePropertyName("geometry");
                w.WriteRawValue(r.Geometry);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var json = Encoding.UTF8.GetString(buffer.ToArray());
        cache.Set(key, json, TimeSpan.FromHours(6));
        return json;
    }
}
