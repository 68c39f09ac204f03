using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Registry.Import;

/// <summary>One upload: progress while it is checked or applied (htmx polling), then the preview, then the result.</summary>
[Authorize(Policy = Policies.RegistryWrite)]
public class SessionModel(RosterImport import, ImportQueue queue) : PageModel
{
    public const int PageSize = 100;

    public ImportSession Session { get; private set; } = null!;
    public List<ImportRowView> Rows { get; private set; } = [];

    /// <summary>Which rows to list: baru, perbarui, tidak-berubah, galat, or all.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    [BindProperty(SupportsGet = true)]
    public int After { get; set; }

    public RowOutcome? Filter => ImportDisplay.Outcome(Show);
    public int? NextAfter => Rows.Count == PageSize ? Rows[^1].Number : null;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var session = await import.FindAsync(id, ImportApi.User(User).Id, ct);
        if (session is null) return false;
        Session = session;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!Session.IsRunning) Rows = await import.RowsAsync(id, Filter ?? DefaultFilter(), After, PageSize, ct);
        if (Show is null) Show = DefaultFilter() is { } f ? ImportDisplay.Slug(f) : "semua";
        return Page();
    }

    /// <summary>Errors first when there are any: they are what the user has to act on.</summary>
    private RowOutcome? DefaultFilter() => Show is null && Session.ErrorRows > 0 && Session.Status == ImportStatus.Ready ? RowOutcome.Error : Filter;

    /// <summary>Polled every second by the progress bar; asks htmx to reload the page when the work is done.</summary>
    public async Task<IActionResult> OnGetProgressAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!Session.IsRunning) Response.Headers["HX-Refresh"] = "true";
        return Partial("_Progress", Session);
    }

    public async Task<IActionResult> OnGetRowsAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Rows = await import.RowsAsync(id, Filter, After, PageSize, ct);
        return Partial("_Rows", this);
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (await import.ClaimAsync(id, ct))
        {
            if (import.ApplyInline(Session)) await import.ApplyClaimedAsync(id, ct);
            else queue.Enqueue(new ImportWork(id, Apply: true));
        }
        return Redirect($"/Registry/Import/{id}");
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        await import.CancelAsync(id, ct);
        TempData["Message"] = $"Impor berkas {Session.FileName} dibatalkan; tidak ada data yang disimpan.";
        return Redirect("/Registry/Import");
    }

    public async Task<IActionResult> OnGetRejectedAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var buffer = new MemoryStream(); // disposed by the result once sent
        await import.WriteRejectedAsync(Session, buffer, ct);
        buffer.Position = 0;
        var name = Path.GetFileNameWithoutExtension(Session.FileName);
        return File(buffer, XlsxWriter.ContentType, $"{name}-baris-ditolak.xlsx");
    }
}

/// <summary>Indonesian words and Bootstrap colours for statuses and outcomes.</summary>
public static class ImportDisplay
{
    public static string Status(ImportStatus s) => RegistryLists.Display(s);

    public static string Badge(RowOutcome o) => o switch
    {
        RowOutcome.New => "text-bg-success",
        RowOutcome.Update => "text-bg-primary",
        RowOutcome.Unchanged => "text-bg-secondary",
        _ => "text-bg-danger",
    };

    public static string Slug(RowOutcome o) => o switch
    {
        RowOutcome.New => "baru",
        RowOutcome.Update => "perbarui",
        RowOutcome.Unchanged => "tidak-berubah",
        _ => "galat",
    };

    public static RowOutcome? Outcome(string? slug) => slug switch
    {
        "baru" => RowOutcome.New,
        "perbarui" => RowOutcome.Update,
        "tidak-berubah" => RowOutcome.Unchanged,
        "galat" => RowOutcome.Error,
        _ => null,
    };
}
