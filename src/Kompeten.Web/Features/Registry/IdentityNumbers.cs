using System.Globalization;

namespace Kompeten.Web.Features.Registry;

/// <summary>
/// NIK and NIP rules of DOMAIN.md §5. Each check returns messages in Indonesian that say what is
/// wrong and how to fix it; an empty list means the number is acceptable.
/// </summary>
public static class IdentityNumbers
{
    /// <summary>The number without the spaces, dots and dashes it is often written with.</summary>
    public static string Digits(string? value) =>
        new((value ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-').ToArray());

    /// <summary>
    /// An NPP as it is stored and searched: without the spaces, dots and dashes it is printed
    /// with, in capitals; null when nothing is left.
    /// </summary>
    public static string? NormalizeNpp(string? raw)
    {
        var npp = Digits(raw).ToUpperInvariant();
        return npp.Length == 0 ? null : npp;
    }

    /// <param name="regencyExists">Whether "63.02" is a known regency/city code.</param>
    public static List<string> ValidateNik(string? raw, DateOnly? birthDate, Sex? sex, Func<string, bool> regencyExists)
    {
        var errors = new List<string>();
        var nik = Digits(raw);
        if (nik.Length == 0)
        {
            errors.Add("NIK wajib diisi (16 digit sesuai KTP).");
            return errors;
        }
        if (!nik.All(char.IsAsciiDigit))
        {
            errors.Add("NIK hanya boleh berisi angka; periksa huruf atau tanda baca yang ikut tertulis.");
            return errors;
        }
        if (nik.Length != 16)
        {
            errors.Add($"NIK harus 16 digit, yang diisi {nik.Length} digit.");
            return errors;
        }

        var regency = Region.RegencyCodeFromDigits(nik);
        if (!regencyExists(regency))
        {
            errors.Add($"Enam digit pertama NIK ({nik[..6]}) bukan kode wilayah yang dikenal (kode {regency} tidak ada); periksa kembali NIK pada KTP.");
        }

        var day = int.Parse(nik.AsSpan(6, 2), CultureInfo.InvariantCulture);
        var month = int.Parse(nik.AsSpan(8, 2), CultureInfo.InvariantCulture);
        var yy = int.Parse(nik.AsSpan(10, 2), CultureInfo.InvariantCulture);
        var nikSex = day > 40 ? Sex.Female : Sex.Male;
        if (day > 40) day -= 40;

        if (!IsPossibleDate(day, month, yy))
        {
            errors.Add($"Digit 7–12 NIK ({nik.Substring(6, 6)}) bukan tanggal lahir yang mungkin (format TTBBTT, tanggal +40 untuk perempuan).");
        }
        else
        {
            if (birthDate is { } bd && (bd.Day != day || bd.Month != month || bd.Year % 100 != yy))
            {
                errors.Add($"Tanggal lahir pada NIK ({day:00}-{month:00}-{yy:00}) tidak sama dengan tanggal lahir yang diisi ({bd:dd-MM-yyyy}).");
            }
            if (sex is { } s && s != nikSex)
            {
                errors.Add(nikSex == Sex.Female
                    ? "NIK ini milik perempuan (tanggal pada NIK ditambah 40), tetapi jenis kelamin diisi laki-laki."
                    : "NIK ini milik laki-laki, tetapi jenis kelamin diisi perempuan (untuk perempuan tanggal pada NIK ditambah 40).");
            }
        }

        if (nik[12..] == "0000")
        {
            errors.Add("Empat digit terakhir NIK (nomor urut) tidak boleh 0000.");
        }
        return errors;
    }

    public static List<string> ValidateNip(string? raw, DateOnly? birthDate, Sex? sex)
    {
        var errors = new List<string>();
        var nip = Digits(raw);
        if (nip.Length == 0) return errors; // optional
        if (!nip.All(char.IsAsciiDigit))
        {
            errors.Add("NIP hanya boleh berisi angka.");
            return errors;
        }
        if (nip.Length != 18)
        {
            errors.Add($"NIP harus 18 digit, yang diisi {nip.Length} digit.");
            return errors;
        }
        if (!DateOnly.TryParseExact(nip[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var nipBirth))
        {
            errors.Add($"Digit 1–8 NIP ({nip[..8]}) bukan tanggal lahir yang sah (format TTTTBBHH).");
        }
        else if (birthDate is { } bd && bd != nipBirth)
        {
            errors.Add($"Tanggal lahir pada NIP ({nipBirth:dd-MM-yyyy}) tidak sama dengan tanggal lahir yang diisi ({bd:dd-MM-yyyy}).");
        }
        var appointYear = int.Parse(nip.AsSpan(8, 4), CultureInfo.InvariantCulture);
        var appointMonth = int.Parse(nip.AsSpan(12, 2), CultureInfo.InvariantCulture);
        if (appointMonth is < 1 or > 12 || appointYear < 1950 || (nipBirth != default && appointYear < nipBirth.Year + 15))
        {
            errors.Add($"Digit 9–14 NIP ({nip.Substring(8, 6)}) bukan bulan dan tahun pengangkatan yang mungkin (format TTTTBB).");
        }
        var sexDigit = nip[14];
        if (sexDigit is not ('1' or '2'))
        {
            errors.Add("Digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan).");
        }
        else if (sex is { } s && (s == Sex.Male ? '1' : '2') != sexDigit)
        {
            errors.Add($"Digit jenis kelamin pada NIP ({sexDigit}) tidak sesuai dengan jenis kelamin yang diisi.");
        }
        if (nip[15..] == "000")
        {
            errors.Add("Tiga digit terakhir NIP (nomor urut) tidak boleh 000.");
        }
        return errors;
    }

    /// <summary>NPP must carry the library's province and regency codes in its first digits.</summary>
    public static List<string> ValidateNpp(string? raw, string regencyCode)
    {
        var errors = new List<string>();
        if (NormalizeNpp(raw) is not { } npp) return errors;
        if (!npp.All(char.IsAsciiLetterOrDigit) || npp.Length < 8 || npp.Length > 20)
        {
            errors.Add("NPP harus 8–20 huruf dan angka, misalnya 6371042D1000001. Spasi, titik, dan tanda hubung boleh ditulis (misalnya 6371.042-D1000001) dan akan dihapus; tanda baca lain tidak.");
            return errors;
        }
        var expected = regencyCode.Replace(".", string.Empty, StringComparison.Ordinal);
        if (!npp.StartsWith(expected, StringComparison.Ordinal))
        {
            errors.Add($"NPP diawali {npp[..4]}, padahal kabupaten/kota perpustakaan ini berkode {regencyCode}: NPP harus diawali {expected}.");
        }
        return errors;
    }

    public static string MaskNik(string nik) => nik.Length == 16 ? $"{nik[..6]}••••••{nik[12..]}" : "••••";

    private static bool IsPossibleDate(int day, int month, int yy)
    {
        if (month is < 1 or > 12 || day < 1) return false;
        // Two-digit year: 29 February is possible when either century makes it a leap year.
        var maxDay = Math.Max(DateTime.DaysInMonth(1900 + yy, month), DateTime.DaysInMonth(2000 + yy, month));
        return day <= maxDay;
    }
}
