using System.Globalization;
using System.Text;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Web.Features.Registry.Import;

public enum RosterField
{
    Nik, Nip, FullName, DiplomaName, Sex, BirthPlace, BirthDate, Phone, Email, EducationLevel, EducationField,
    LibraryScience, StaffCategory, FunctionalLevel, EmploymentStatus, Library, RegencyCode, LibraryWorkStart,
}

/// <param name="Header">The template's header text.</param>
/// <param name="Property">The <see cref="PersonInput"/> property that the rules report errors on.</param>
/// <param name="Aliases">Other headers accepted for the column (compared after <see cref="RosterColumns.Normalize"/>).</param>
public sealed record RosterColumn(RosterField Field, string Header, string Property, bool Required, XlsxFormat Format, double Width, string Example, params string[] Aliases);

/// <summary>
/// The columns of a roster file: the template's headers, which are required, and how tolerant
/// header matching is ("jenis  kelamin", "JENIS KELAMIN (L/P)" and "Jenis Kelamin" all match).
/// </summary>
public static class RosterColumns
{
    public static readonly RosterColumn[] All =
    [
        new(RosterField.Nik, "NIK", nameof(PersonInput.Nik), true, XlsxFormat.Text, 20, "6301015705880003", "noktp", "nomorktp", "nomorindukkependudukan"),
        new(RosterField.Nip, "NIP", nameof(PersonInput.Nip), false, XlsxFormat.Text, 22, "198805172010122003", "nipnipppk"),
        new(RosterField.FullName, "Nama Lengkap", nameof(PersonInput.FullName), true, XlsxFormat.Text, 28, "Siti Aminah", "nama", "namapegawai", "namatenaga"),
        new(RosterField.DiplomaName, "Nama sesuai Ijazah", nameof(PersonInput.DiplomaName), false, XlsxFormat.Text, 28, "SITI AMINAH", "namaijazah", "namadiijazah", "namasesuaiijazahhurufkapital"),
        new(RosterField.Sex, "Jenis Kelamin (L/P)", nameof(PersonInput.Sex), true, XlsxFormat.Text, 12, "P", "jk", "kelamin", "lp"),
        new(RosterField.BirthPlace, "Tempat Lahir", nameof(PersonInput.BirthPlace), false, XlsxFormat.Text, 18, "Pelaihari", "tmplahir", "tempatlhr"),
        new(RosterField.BirthDate, "Tanggal Lahir", nameof(PersonInput.BirthDate), true, XlsxFormat.Date, 14, "17/05/1988", "tgllahir", "tanggallhr", "tgllhr"),
        new(RosterField.Phone, "Telepon/WA", nameof(PersonInput.Phone), false, XlsxFormat.Text, 16, "0812 3456 7890", "telepon", "telp", "nohp", "hp", "wa", "whatsapp", "nomortelepon", "teleponwhatsapp"),
        new(RosterField.Email, "E-mail", nameof(PersonInput.Email), false, XlsxFormat.Text, 26, "siti.aminah@contoh.id", "surel", "alamatemail"),
        new(RosterField.EducationLevel, "Pendidikan Terakhir", nameof(PersonInput.EducationLevel), true, XlsxFormat.Text, 14, "S1", "pendidikan", "jenjangpendidikan", "tingkatpendidikan"),
        new(RosterField.EducationField, "Bidang Pendidikan", nameof(PersonInput.EducationField), false, XlsxFormat.Text, 22, "Ilmu Perpustakaan", "jurusan", "bidangjurusanpendidikan", "programstudi", "prodi"),
        new(RosterField.LibraryScience, "Pendidikan Ilmu Perpustakaan (Ya/Tidak)", nameof(PersonInput.LibraryScienceEducation), false, XlsxFormat.Text, 14, "Ya", "ilmuperpustakaan", "pendidikanperpustakaan"),
        new(RosterField.StaffCategory, "Kategori Tenaga", nameof(PersonInput.StaffCategoryCode), true, XlsxFormat.Text, 18, "pustakawan", "kategori", "jenistenaga"),
        new(RosterField.FunctionalLevel, "Jabatan Fungsional", nameof(PersonInput.FunctionalLevelCode), false, XlsxFormat.Text, 20, "ahli-pertama", "jabfung", "jabatan"),
        new(RosterField.EmploymentStatus, "Status Kepegawaian", nameof(PersonInput.EmploymentStatusCode), true, XlsxFormat.Text, 16, "pns", "statuspegawai", "kepegawaian"),
        new(RosterField.Library, "NPP/Nama Perpustakaan", nameof(PersonInput.LibraryId), false, XlsxFormat.Text, 32, "", "perpustakaan", "npp", "namaperpustakaan", "unitkerja", "nppperpustakaan"),
        new(RosterField.RegencyCode, "Kode Kab/Kota", nameof(PersonInput.RegencyCode), true, XlsxFormat.Text, 12, "63.01", "kodekabupatenkota", "kabkota", "kodewilayah", "kodekabupaten", "kodekota"),
        new(RosterField.LibraryWorkStart, "Mulai Bekerja", nameof(PersonInput.LibraryWorkStart), false, XlsxFormat.Date, 14, "01/03/2012", "mulaibekerjadiperpustakaan", "tmt", "tmtperpustakaan", "tanggalmulaibekerja"),
    ];

    public static RosterColumn Get(RosterField field) => All[(int)field];

    /// <summary>Lower case letters and digits only, without a bracketed hint: "Jenis Kelamin (L/P)" → "jeniskelamin".</summary>
    public static string Normalize(string header)
    {
        var sb = new StringBuilder(header.Length);
        var depth = 0;
        foreach (var c in header.Normalize(NormalizationForm.FormKC))
        {
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth = Math.Max(0, depth - 1);
            else if (depth == 0 && char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static readonly Dictionary<string, RosterField> ByName = BuildNames();

    private static Dictionary<string, RosterField> BuildNames()
    {
        var map = new Dictionary<string, RosterField>();
        foreach (var c in All)
        {
            map[Normalize(c.Header)] = c.Field;
            // The full header with its hint also matches: "jeniskelaminlp".
            map[new string(c.Header.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray())] = c.Field;
            foreach (var a in c.Aliases) map[a] = c.Field;
        }
        return map;
    }

    /// <summary>Finds the template's columns in a header row; throws one message naming what is missing.</summary>
    public static RosterHeader Map(TabularRow header)
    {
        var index = new int[All.Length];
        Array.Fill(index, -1);
        var texts = new string[header.Cells.Length];
        var duplicates = new List<string>();
        for (var i = 0; i < header.Cells.Length; i++)
        {
            var text = header.Cells[i].Text?.Trim() ?? "";
            texts[i] = text;
            if (text.Length == 0 || !ByName.TryGetValue(Normalize(text), out var field)) continue;
            if (index[(int)field] >= 0)
            {
                duplicates.Add($"\"{Get(field).Header}\" (kolom {XlsxWriter.ColumnName(index[(int)field])} dan {XlsxWriter.ColumnName(i)})");
                continue;
            }
            index[(int)field] = i;
        }
        var missing = All.Where(c => c.Required && index[(int)c.Field] < 0).Select(c => c.Header).ToList();
        if (missing.Count > 0)
        {
            var found = texts.Where(t => t.Length > 0).Take(20).ToList();
            var matched = index.Count(i => i >= 0);
            var hint = matched == 0
                ? $"Baris {header.Number} berkas seharusnya berisi judul kolom seperti pada templat, tetapi yang terbaca: {(found.Count == 0 ? "(kosong)" : string.Join(", ", found.Select(f => $"\"{f}\"")))}."
                : $"Judul kolom yang terbaca di baris {header.Number}: {string.Join(", ", found.Select(f => $"\"{f}\""))}.";
            throw new TabularFileException(
                $"Kolom wajib tidak ditemukan: {string.Join(", ", missing)}. {hint} " +
                "Unduh templat di halaman impor, salin data Anda ke bawah judul kolomnya (judul boleh huruf besar/kecil), lalu unggah lagi.");
        }
        if (duplicates.Count > 0)
        {
            throw new TabularFileException($"Kolom ganda: {string.Join("; ", duplicates)}. Hapus salah satu kolom lalu unggah lagi.");
        }
        return new RosterHeader(index, texts, header.Number);
    }
}

/// <summary>Where each template column sits in an uploaded file (-1 when the file does not have it).</summary>
public sealed class RosterHeader(int[] index, string[] texts, int rowNumber)
{
    public string[] Texts { get; } = texts;
    public int RowNumber { get; } = rowNumber;

    public bool Has(RosterField field) => index[(int)field] >= 0;

    public int IndexOf(RosterField field) => index[(int)field];

    public TabularCell Cell(TabularRow row, RosterField field) => index[(int)field] is var i and >= 0 ? row[i] : TabularCell.Empty;
}

/// <summary>Turns cells into the values of a <see cref="PersonInput"/>, reporting what cannot be read.</summary>
public static class RosterCells
{
    private static readonly CultureInfo Id = CultureInfo.GetCultureInfo("id-ID");

    private static readonly string[] TextDateFormats =
    [
        "d/M/yyyy", "d-M-yyyy", "d.M.yyyy", "yyyy-M-d", "yyyy/M/d", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss",
        "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss",
    ];

    private static readonly string[] NamedDateFormats = ["d MMMM yyyy", "d MMM yyyy", "d-MMM-yyyy", "d-MMMM-yyyy"];

    /// <summary>
    /// Text of a cell, without an apostrophe typed into the text before "=", "+", "-" or "@" (exports
    /// made before the writer used a quote-prefixed style had one; so may files from other tools).
    /// </summary>
    public static string? Text(TabularCell cell)
    {
        var t = cell.Text;
        if (string.IsNullOrWhiteSpace(t)) return null;
        t = t.Trim();
        if (t.Length > 1 && t[0] == '\'' && t[1] is '=' or '+' or '-' or '@') t = t[1..];
        return t;
    }

    /// <summary>An identity number; null and an error when the spreadsheet stored it as a number.</summary>
    public static string? IdentityNumber(TabularCell cell, string label, int digits, out string? error)
    {
        error = null;
        var text = Text(cell);
        if (text is null) return null;
        var scientific = text.Contains('E', StringComparison.OrdinalIgnoreCase) && double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        if (cell.Kind == CellKind.Number || scientific)
        {
            var shown = double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("0.#####E+00", Id) : text;
            error = $"{label} tersimpan sebagai angka ({shown}), sehingga digit-digit terakhirnya hilang. " +
                    $"Ubah format kolom {label} menjadi Teks (Format Cells → Text), ketik ulang {label} ({digits} digit) lalu unggah lagi.";
            return null;
        }
        return text;
    }

    public static bool TryDate(TabularCell cell, out DateOnly date)
    {
        date = default;
        var text = Text(cell);
        if (text is null) return false;
        switch (cell.Kind)
        {
            case CellKind.Date:
                return DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
            case CellKind.Number:
                // A date cell that lost its date style: Excel's serial number (1 = 1900-01-01).
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
                {
                    date = DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
                    return true;
                }
                return false;
            default:
                if (DateTime.TryParseExact(text, TextDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt)
                    || DateTime.TryParseExact(text, NamedDateFormats, Id, DateTimeStyles.AllowWhiteSpaces, out dt)
                    || DateTime.TryParseExact(text, NamedDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out dt))
                {
                    date = DateOnly.FromDateTime(dt);
                    return true;
                }
                return false;
        }
    }

    public static string DateError(string label, string? typed) =>
        $"{label} \"{typed}\" tidak dapat dibaca sebagai tanggal. Tulis sebagai tanggal Excel atau teks hari/bulan/tahun, misalnya 17/05/1988.";

    public static Sex? Sex(string text) => Letters(text) switch
    {
        "l" or "lk" or "laki" or "lakilaki" or "pria" or "m" or "male" => Registry.Sex.Male,
        "p" or "pr" or "perempuan" or "wanita" or "w" or "f" or "female" => Registry.Sex.Female,
        _ => null,
    };

    public static EducationLevel? Education(string text) => Letters(text).ToUpperInvariant() switch
    {
        "SD" or "MI" => EducationLevel.SD,
        "SMP" or "SLTP" or "MTS" => EducationLevel.SMP,
        "SLTA" or "SMA" or "SMK" or "MA" or "SMU" or "SLTASMASMK" or "SMASMK" => EducationLevel.SLTA,
        "D1" or "DI" => EducationLevel.D1,
        "D2" or "DII" => EducationLevel.D2,
        "D3" or "DIII" => EducationLevel.D3,
        "D4" or "DIV" => EducationLevel.D4,
        "S1" or "SARJANA" => EducationLevel.S1,
        "S2" or "MAGISTER" => EducationLevel.S2,
        "S3" or "DOKTOR" => EducationLevel.S3,
        _ => null,
    };

    public static bool? YesNo(string? text) => text is null ? false : Letters(text) switch
    {
        "ya" or "y" or "yes" or "true" or "1" or "benar" or "iya" => true,
        "tidak" or "t" or "tdk" or "no" or "n" or "false" or "0" or "bukan" or "" => false,
        _ => null,
    };

    /// <summary>"6301" → "63.01"; "63.1" (Excel turned 63.10 into a number) → "63.10".</summary>
    public static string RegencyCode(string text)
    {
        var t = text.Trim();
        if (t.Length == 4 && t.All(char.IsAsciiDigit)) return $"{t[..2]}.{t[2..]}";
        if (t.Length == 4 && t[2] == '.' && char.IsAsciiDigit(t[3]) && char.IsAsciiDigit(t[0]) && char.IsAsciiDigit(t[1])) return t + "0";
        return t;
    }

    /// <summary>A phone number that Excel stored as a number lost its leading 0: 81234567890 → 081234567890.</summary>
    public static string? Phone(TabularCell cell)
    {
        var text = Text(cell);
        if (text is null) return null;
        if (cell.Kind == CellKind.Number && text.All(char.IsAsciiDigit) && text.StartsWith('8')) return "0" + text;
        return text;
    }

    private static string Letters(string text)
    {
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        var n = 0;
        foreach (var c in text)
        {
            if (n == buffer.Length) break;
            if (char.IsLetterOrDigit(c)) buffer[n++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..n]);
    }
}
