using System.ComponentModel.DataAnnotations;

namespace Kompeten.Web.Features.Registry;

/// <summary>What a form, the API or an import row says about a person. Validated by <see cref="PersonRules"/>.</summary>
public sealed class PersonInput
{
    [Display(Name = "NIK")]
    [Required(ErrorMessage = "NIK wajib diisi (16 digit sesuai KTP).")]
    public string? Nik { get; set; }

    [Display(Name = "NIP")]
    public string? Nip { get; set; }

    [Display(Name = "Nama lengkap")]
    [Required(ErrorMessage = "Nama lengkap wajib diisi.")]
    [StringLength(200, ErrorMessage = "Nama lengkap paling panjang 200 karakter.")]
    public string? FullName { get; set; }

    [Display(Name = "Nama sesuai ijazah (huruf kapital)")]
    [StringLength(200, ErrorMessage = "Nama sesuai ijazah paling panjang 200 karakter.")]
    public string? DiplomaName { get; set; }

    [Display(Name = "Jenis kelamin")]
    [Required(ErrorMessage = "Jenis kelamin wajib dipilih.")]
    public Sex? Sex { get; set; }

    [Display(Name = "Tempat lahir")]
    [StringLength(100, ErrorMessage = "Tempat lahir paling panjang 100 karakter.")]
    public string? BirthPlace { get; set; }

    [Display(Name = "Tanggal lahir")]
    [Required(ErrorMessage = "Tanggal lahir wajib diisi.")]
    public DateOnly? BirthDate { get; set; }

    [Display(Name = "Telepon/WhatsApp")]
    [RegularExpression(@"^\+?[0-9 \-]{8,20}$", ErrorMessage = "Nomor telepon berisi 8–20 angka, boleh diawali +62, misalnya 0812 3456 7890.")]
    public string? Phone { get; set; }

    [Display(Name = "E-mail")]
    [EmailAddress(ErrorMessage = "Format e-mail tidak valid, contoh: nama@contoh.id.")]
    public string? Email { get; set; }

    [Display(Name = "Pendidikan terakhir")]
    [Required(ErrorMessage = "Pendidikan terakhir wajib dipilih.")]
    public EducationLevel? EducationLevel { get; set; }

    [Display(Name = "Bidang/jurusan pendidikan")]
    [StringLength(150, ErrorMessage = "Bidang pendidikan paling panjang 150 karakter.")]
    public string? EducationField { get; set; }

    [Display(Name = "Pendidikan ilmu perpustakaan")]
    public bool LibraryScienceEducation { get; set; }

    [Display(Name = "Kategori tenaga")]
    [Required(ErrorMessage = "Kategori tenaga wajib dipilih.")]
    public string? StaffCategoryCode { get; set; }

    [Display(Name = "Jabatan fungsional")]
    public string? FunctionalLevelCode { get; set; }

    [Display(Name = "Status kepegawaian")]
    [Required(ErrorMessage = "Status kepegawaian wajib dipilih.")]
    public string? EmploymentStatusCode { get; set; }

    [Display(Name = "Perpustakaan")]
    public int? LibraryId { get; set; }

    [Display(Name = "Kabupaten/Kota")]
    [Required(ErrorMessage = "Kabupaten/kota wajib dipilih.")]
    public string? RegencyCode { get; set; }

    [Display(Name = "Mulai bekerja di perpustakaan")]
    public DateOnly? LibraryWorkStart { get; set; }

    public static PersonInput From(Person p, string nik) => new()
    {
        Nik = nik,
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
        LibraryWorkStart = p.LibraryWorkStart,
    };
}
