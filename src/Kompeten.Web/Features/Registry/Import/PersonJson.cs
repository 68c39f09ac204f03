using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Kompeten.Web.Features.Registry.Import;

/// <summary>
/// The audit changes of imported people in the same shape AppDbContext writes (property → [old, new]),
/// written with Utf8JsonWriter while the file is checked and staged, so the apply only copies them.
/// </summary>
internal static class PersonJson
{
    private sealed record Field(string Name, Func<Person, object?> Get);

    /// <summary>What an import may change; the rest (ids, timestamps, duplicate flag) it never touches.</summary>
    private static readonly Field[] Fields =
    [
        new(nameof(Person.Nip), p => p.Nip),
        new(nameof(Person.FullName), p => p.FullName),
        new(nameof(Person.DiplomaName), p => p.DiplomaName),
        new(nameof(Person.Sex), p => p.Sex),
        new(nameof(Person.BirthPlace), p => p.BirthPlace),
        new(nameof(Person.BirthDate), p => p.BirthDate),
        new(nameof(Person.Phone), p => p.Phone),
        new(nameof(Person.Email), p => p.Email),
        new(nameof(Person.EducationLevel), p => p.EducationLevel),
        new(nameof(Person.EducationField), p => p.EducationField),
        new(nameof(Person.LibraryScienceEducation), p => p.LibraryScienceEducation),
        new(nameof(Person.StaffCategoryCode), p => p.StaffCategoryCode),
        new(nameof(Person.FunctionalLevelCode), p => p.FunctionalLevelCode),
        new(nameof(Person.EmploymentStatusCode), p => p.EmploymentStatusCode),
        new(nameof(Person.LibraryId), p => p.LibraryId),
        new(nameof(Person.RegencyCode), p => p.RegencyCode),
        new(nameof(Person.ProvinceCode), p => p.ProvinceCode),
        new(nameof(Person.LibraryWorkStart), p => p.LibraryWorkStart),
    ];

    /// <summary>Indonesian labels of the fields, for "Diubah: Telepon/WhatsApp, E-mail".</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = BuildLabels();

    private static Dictionary<string, string> BuildLabels()
    {
        var labels = new Dictionary<string, string>();
        foreach (var p in typeof(PersonInput).GetProperties())
        {
            var display = p.GetCustomAttribute<DisplayAttribute>()?.Name ?? p.Name;
            labels[p.Name] = display;
        }
        labels[nameof(Person.LibraryId)] = "Perpustakaan";
        labels[nameof(Person.ProvinceCode)] = "Provinsi";
        labels["Nik"] = "NIK";
        labels[nameof(Person.NikMasked)] = "NIK (tersamar)";
        return labels;
    }

    public static Person Copy(Person p) => new()
    {
        Id = p.Id,
        NikCipher = p.NikCipher,
        NikHash = p.NikHash,
        NikMasked = p.NikMasked,
        Nip = p.Nip,
        FullName = p.FullName,
        DiplomaName = p.DiplomaName,
        Sex = p.Sex,
        BirthPlace = p.BirthPlace,
        BirthDate = p.BirthDate,
        Phone = p.Phone,
        Email = p.Email,
        EducationLevel = p.EducationLevel,
        EducationField = p.EducationField,
        LibraryScienceEducation = p.LibraryScienceEducation,
        StaffCategoryCode = p.StaffCategoryCode,
        FunctionalLevelCode = p.FunctionalLevelCode,
        EmploymentStatusCode = p.EmploymentStatusCode,
        LibraryId = p.LibraryId,
        RegencyCode = p.RegencyCode,
        ProvinceCode = p.ProvinceCode,
        LibraryWorkStart = p.LibraryWorkStart,
        PossibleDuplicateOfId = p.PossibleDuplicateOfId,
        CreatedAt = p.CreatedAt,
        UpdatedAt = p.UpdatedAt,
    };

    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;

    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) Start()
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        return (buffer, new Utf8JsonWriter(buffer));
    }

    private static ReadOnlySpan<byte> Finish(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Dispose();
        return buffer.WrittenSpan;
    }

    /// <summary>
    /// The audit changes of a new person: every field as [null, value], the NIK never in clear — what
    /// AppDbContext writes when a person is created through a form. As UTF-8, written straight into
    /// the staging COPY: 100,000 of them are never held as strings at once.
    /// </summary>
    public static byte[] CreatedUtf8(Person p)
    {
        var (buffer, w) = Start();
        w.WriteStartObject();
        w.WriteStartArray("Nik");
        w.WriteStringValue("(dilindungi)");
        w.WriteStringValue("(dilindungi)");
        w.WriteEndArray();
        w.WriteStartArray(nameof(Person.NikMasked));
        w.WriteNullValue();
        w.WriteStringValue(p.NikMasked);
        w.WriteEndArray();
        foreach (var f in Fields)
        {
            w.WriteStartArray(f.Name);
            w.WriteNullValue();
            WriteValue(w, f.Get(p));
            w.WriteEndArray();
        }
        w.WriteEndObject();
        return Finish(buffer, w).ToArray();
    }

    /// <summary>Audit changes from <paramref name="before"/> to <paramref name="after"/>; null when nothing differs.</summary>
    public static string? Changed(Person before, Person after, List<string> changedFields)
    {
        changedFields.Clear();
        foreach (var f in Fields)
        {
            if (!Equals(f.Get(before), f.Get(after))) changedFields.Add(f.Name);
        }
        if (changedFields.Count == 0) return null;
        var (buffer, w) = Start();
        w.WriteStartObject();
        foreach (var f in Fields)
        {
            if (!changedFields.Contains(f.Name)) continue;
            w.WriteStartArray(f.Name);
            WriteValue(w, f.Get(before));
            WriteValue(w, f.Get(after));
            w.WriteEndArray();
        }
        w.WriteEndObject();
        return Encoding.UTF8.GetString(Finish(buffer, w));
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case Sex s: w.WriteNumberValue((int)s); break;
            case EducationLevel e: w.WriteNumberValue((int)e); break;
            case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>Field names of a stored changes object, as Indonesian labels.</summary>
    public static List<string> ChangedLabels(string? changes)
    {
        var labels = new List<string>();
        if (string.IsNullOrEmpty(changes)) return labels;
        using var doc = JsonDocument.Parse(changes);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name is nameof(Person.ProvinceCode) or nameof(Person.NikMasked)) continue;
            labels.Add(Labels.GetValueOrDefault(p.Name, p.Name));
        }
        return labels;
    }
}
