using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>
/// Draws region boundaries (GeoJSON geometries) as one SVG, coloured per region: the map of the
/// PDF report, which has no JavaScript. Equirectangular projection scaled by cos(latitude), which
/// is faithful enough near the equator.
/// </summary>
public static class MapSvg
{
    public static string Render(IEnumerable<(string Code, string Name, string Geometry)> regions, Func<string, string> colourOf, int width = 640)
    {
        var shapes = new List<(string Code, string Name, List<List<(double X, double Y)>> Rings)>();
        foreach (var (code, name, geometry) in regions)
        {
            using var doc = JsonDocument.Parse(geometry);
            var rings = new List<List<(double, double)>>();
            var root = doc.RootElement;
            var coordinates = root.GetProperty("coordinates");
            switch (root.GetProperty("type").GetString())
            {
                case "Polygon":
                    foreach (var ring in coordinates.EnumerateArray()) rings.Add(Ring(ring));
                    break;
                case "MultiPolygon":
                    foreach (var polygon in coordinates.EnumerateArray())
                    foreach (var ring in polygon.EnumerateArray()) rings.Add(Ring(ring));
                    break;
            }
            if (rings.Count > 0) shapes.Add((code, name, rings));
        }
        if (shapes.Count == 0) return "";

        var all = shapes.SelectMany(s => s.Rings).SelectMany(r => r).ToList();
        double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
        var k = Math.Cos((minY + maxY) / 2 * Math.PI / 180);
        var spanX = Math.Max(1e-9, (maxX - minX) * k);
        var spanY = Math.Max(1e-9, maxY - minY);
        var scale = width / spanX;
        var height = (int)Math.Ceiling(spanY * scale);

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        foreach (var (code, name, rings) in shapes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<path data-code=\"{code}\" fill=\"{colourOf(code)}\" stroke=\"#495057\" stroke-width=\"0.6\" fill-rule=\"evenodd\" d=\"");
            foreach (var ring in rings)
            {
                for (var i = 0; i < ring.Count; i++)
                {
                    var x = (ring[i].X - minX) * k * scale;
                    var y = (maxY - ring[i].Y) * scale;
                    sb.Append(i == 0 ? 'M' : 'L').Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture));
                }
                sb.Append('Z');
            }
            sb.Append("\"><title>").Append(System.Net.WebUtility.HtmlEncode(name)).Append("</title></path>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static List<(double X, double Y)> Ring(JsonElement ring)
    {
        var points = new List<(double, double)>(ring.GetArrayLength());
        foreach (var p in ring.EnumerateArray()) points.Add((p[0].GetDouble(), p[1].GetDouble()));
        return points;
    }
}
