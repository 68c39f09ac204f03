using System.Text.Json;

namespace Kompeten.Web.Infrastructure;

/// <summary>Turns an audit entry's JSON changes into readable lines ("FullName: A → B").</summary>
public static class AuditText
{
    public static IEnumerable<string> Describe(string? changesJson)
    {
        if (string.IsNullOrEmpty(changesJson)) yield break;
        using var doc = JsonDocument.Parse(changesJson);
        foreach (var field in doc.RootElement.EnumerateObject())
        {
            var values = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(Show).ToArray() : [Show(field.Value)];
            yield return values.Length == 2 ? $"{field.Name}: {values[0]} → {values[1]}" : $"{field.Name}: {string.Join(", ", values)}";
        }
    }

    private static string Show(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => "—",
        JsonValueKind.String => e.GetString() ?? "—",
        _ => e.GetRawText(),
    };
}
