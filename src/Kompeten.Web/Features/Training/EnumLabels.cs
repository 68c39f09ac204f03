using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Kompeten.Web.Features.Training;

/// <summary>The Bahasa Indonesia label of an enum value, from its [Display(Name = …)].</summary>
public static class EnumLabels
{
    private static readonly ConcurrentDictionary<(Type, string), string> Cache = new();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Cache.GetOrAdd((typeof(TEnum), value.ToString()), key =>
            key.Item1.GetField(key.Item2)?.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? key.Item2);

    public static IEnumerable<(TEnum Value, string Label)> All<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(v => (v, Of(v)));
}
