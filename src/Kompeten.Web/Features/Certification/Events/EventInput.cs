using System.ComponentModel.DataAnnotations;

namespace Kompeten.Web.Features.Certification.Events;

/// <summary>The editable data of an assessment event.</summary>
public sealed class EventInput : IValidatableObject
{
    [Required(ErrorMessage = "Nama kegiatan wajib diisi, misalnya \"Uji Kompetensi Pustakawan Kalsel Angkatan I 2026\".")]
    [StringLength(200, ErrorMessage = "Nama paling panjang 200 karakter.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Nama LSP wajib diisi.")]
    [StringLength(200, ErrorMessage = "Nama LSP paling panjang 200 karakter.")]
    public string? Lsp { get; set; } = "LSP Pustakawan";

    [Required(ErrorMessage = "Tempat Uji Kompetensi (TUK) wajib diisi, misalnya \"Aula Dispersip Kalsel, Banjarbaru\".")]
    [StringLength(300, ErrorMessage = "TUK paling panjang 300 karakter.")]
    public string? TestSite { get; set; }

    [Required(ErrorMessage = "Tanggal mulai wajib diisi.")]
    public DateOnly? StartDate { get; set; }

    [Required(ErrorMessage = "Tanggal selesai wajib diisi.")]
    public DateOnly? EndDate { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (StartDate is { } s && EndDate is { } e && e < s)
            yield return new ValidationResult("Tanggal selesai tidak boleh sebelum tanggal mulai.", [nameof(EndDate)]);
    }

    public void ApplyTo(AssessmentEvent ev)
    {
        ev.Name = Name!.Trim();
        ev.Lsp = Lsp!.Trim();
        ev.TestSite = TestSite!.Trim();
        ev.StartDate = StartDate!.Value;
        ev.EndDate = EndDate!.Value;
    }

    public static EventInput From(AssessmentEvent ev) => new() { Name = ev.Name, Lsp = ev.Lsp, TestSite = ev.TestSite, StartDate = ev.StartDate, EndDate = ev.EndDate };
}
