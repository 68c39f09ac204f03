using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry.Import;

/// <summary>
/// The downloadable roster template: sheet "Data" (the headers the importer expects, text-formatted
/// NIK/NIP columns, an example row the importer refuses if left in), "Petunjuk" (how to fill it),
/// "Kode" (allowed codes) and "Perpustakaan" (the libraries of the user's scope, by NPP and name).
/// </summary>
public sealed class RosterTemplate(AppDbContext db)
{
    public const string FileName = "templat-impor-tenaga-perpustakaan.xlsx";

    public async Task WriteAsync(UserScope scope, Stream output, CancellationToken ct = default)
    {
        var names = await ReferenceNames.LoadAsync(db, ct);
        var regencies = await db.Regions.AsNoTracking().RegenciesInScope(scope).OrderBy(r => r.Code).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        var libraries = await db.Libraries.AsNoTracking().InScope(scope).OrderBy(l => l.RegencyCode).ThenBy(l => l.Name).Take(20_000)
            .Select(l => new { l.Npp, l.Name, l.RegencyCode, l.TypeCode }).ToListAsync(ct);

        var exampleRegency = scope.Level == ScopeLevel.Regency ? scope.RegionCode! : regencies.FirstOrDefault()?.Code ?? "63.01";
        var exampleLibrary = libraries.FirstOrDefault(l => l.RegencyCode == exampleRegency);
        string[] Codes(string kind) => names.Items.Where(i => i.Kind == kind && !i.Legacy).Select(i => i.Code).ToArray();

        var columns = RosterColumns.All.Select(c => new XlsxColumn(c.Header, c.Width, c.Format, c.Field switch
        {
            RosterField.Sex => ["L", "P"],
            RosterField.LibraryScience => ["Ya", "Tidak"],
            RosterField.EducationLevel => Enum.GetNames<EducationLevel>(),
            RosterField.StaffCategory => Codes(ReferenceKind.StaffCategory),
            RosterField.EmploymentStatus => Codes(ReferenceKind.EmploymentStatus),
            RosterField.FunctionalLevel => Codes(ReferenceKind.FunctionalLevel),
            RosterField.RegencyCode => regencies.Select(r => r.Code).ToArray(),
            _ => null,
        })).ToList();

        var example = RosterColumns.All.Select(c => c.Field switch
        {
            RosterField.Nik => ExampleNik(exampleRegency),
            RosterField.FullName => RosterImport.ExampleNamePrefix + c.Example,
            RosterField.BirthDate => new DateOnly(1988, 5, 17),
            RosterField.LibraryWorkStart => new DateOnly(2012, 3, 1),
            RosterField.Library => exampleLibrary is null ? "" : exampleLibrary.Npp ?? exampleLibrary.Name,
            RosterField.RegencyCode => exampleRegency,
            _ => (object)c.Example,
        }).ToArray();

        string[] guide =
        [
            "Cara mengisi templat impor tenaga perpustakaan",
            "1. Isi satu baris per orang di lembar Data, mulai baris 2. Jangan ubah judul kolom di baris 1 (urutan kolom boleh berubah).",
            "2. Baris 2 adalah CONTOH (nama diawali \"CONTOH\"): timpa atau hapus sebelum mengunggah. Bila tertinggal, baris itu ditolak.",
            "3. Kolom wajib: " + string.Join(", ", RosterColumns.All.Where(c => c.Required).Select(c => c.Header)) + ".",
            "4. NIK (16 digit) dan NIP (18 digit) harus berformat Teks agar digit terakhirnya tidak hilang. Kolomnya di templat ini sudah Teks; bila menempel dari berkas lain, pakai Tempel Nilai (Paste Values).",
            "5. Tanggal ditulis sebagai tanggal Excel atau teks hari/bulan/tahun, misalnya 17/05/1988.",
            "6. Jenis Kelamin: L atau P. Pendidikan Ilmu Perpustakaan: Ya atau Tidak. Pendidikan Terakhir: SD, SMP, SLTA, D1, D2, D3, D4, S1, S2, S3.",
            "7. Kategori Tenaga, Jabatan Fungsional, Status Kepegawaian dan Kode Kab/Kota diisi kode (atau nama) dari lembar Kode.",
            "8. Perpustakaan diisi NPP atau nama persis seperti di lembar Perpustakaan; boleh dikosongkan.",
            "9. NIK yang sudah terdaftar di wilayah Anda diperbarui; NIK baru ditambahkan. Mengimpor berkas yang sama dua kali tidak mengubah apa pun.",
            "10. Kolom yang tidak ada di berkas tidak mengubah data yang sudah ada; sel kosong di kolom yang ada mengosongkan isian itu.",
            "11. Sebelum disimpan, setiap baris ditampilkan di pratinjau (baru / perbarui / tidak berubah / galat). Baris galat dapat diunduh beserta alasannya.",
            "12. Batas satu berkas: 20 MB dan 200.000 baris. Berkas .csv boleh dipisah koma atau titik koma (UTF-8).",
        ];

        var codeRows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "Jenis Kelamin (L/P)", "L", "Laki-laki" },
            new object?[] { "Jenis Kelamin (L/P)", "P", "Perempuan" },
        };
        codeRows.AddRange(Enum.GetValues<EducationLevel>().Select(e => new object?[] { "Pendidikan Terakhir", e.ToString(), Display(e) }));
        codeRows.Add(new object?[] { "Pendidikan Ilmu Perpustakaan (Ya/Tidak)", "Ya", "Berpendidikan ilmu perpustakaan (D2 ke atas)" });
        codeRows.Add(new object?[] { "Pendidikan Ilmu Perpustakaan (Ya/Tidak)", "Tidak", "Pendidikan bidang lain" });
        foreach (var (kind, header) in new[] { (ReferenceKind.StaffCategory, "Kategori Tenaga"), (ReferenceKind.FunctionalLevel, "Jabatan Fungsional"), (ReferenceKind.EmploymentStatus, "Status Kepegawaian") })
        {
            codeRows.AddRange(names.Items.Where(i => i.Kind == kind).Select(i => new object?[] { header, i.Code, i.Legacy ? i.Name + " — hanya untuk data lama" : i.Name }));
        }
        codeRows.AddRange(regencies.Select(r => new object?[] { "Kode Kab/Kota", r.Code, r.Name }));

        using var x = XlsxWriter.Create(output);
        x.AddSheet("Data", columns, [example]);
        x.AddSheet("Petunjuk", [new XlsxColumn("Petunjuk", 140)], guide.Skip(1).Select(g => (IReadOnlyList<object?>)[g]));
        x.AddSheet("Kode", [new XlsxColumn("Kolom", 36), new XlsxColumn("Kode", 22, XlsxFormat.Text), new XlsxColumn("Keterangan", 60)], codeRows);
        x.AddSheet("Perpustakaan", [new XlsxColumn("NPP", 22, XlsxFormat.Text), new XlsxColumn("Nama Perpustakaan", 50), new XlsxColumn("Kode Kab/Kota", 14, XlsxFormat.Text), new XlsxColumn("Jenis", 20)],
            libraries.Select(l => (IReadOnlyList<object?>)[l.Npp, l.Name, l.RegencyCode, l.TypeCode]));
    }

    /// <summary>A valid NIK of a woman born 17-05-1988 in the regency, with the example's sequence 9999.</summary>
    public static string ExampleNik(string regencyCode) => $"{regencyCode.Replace(".", "")}01570588{RosterImport.ExampleSequence}";

    private static string Display(Enum value) =>
        value.GetType().GetField(value.ToString())?.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.DisplayAttribute), false)
            .OfType<System.ComponentModel.DataAnnotations.DisplayAttribute>().FirstOrDefault()?.Name ?? value.ToString();
}
