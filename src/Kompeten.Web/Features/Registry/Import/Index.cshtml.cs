using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Registry.Import;

/// <summary>
/// Upload a roster file (and download the template). The antiforgery token is checked by hand,
/// after the size check: the automatic check would read an oversized body first and answer with
/// an error page instead of saying the file is too large.
/// </summary>
[Authorize(Policy = Policies.RegistryWrite)]
[IgnoreAntiforgeryToken]
public class IndexModel(RosterImport import, RosterTemplate template, ImportQueue queue, IAntiforgery antiforgery, UserScope scope, IOptions<ImportOptions> options) : PageModel
{
    public string? Error { get; private set; }
    public List<ImportSession> Recent { get; private set; } = [];
    public long MaxBytes => options.Value.MaxFileBytes;
    public int MaxRows => options.Value.MaxRows;

    public async Task OnGetAsync(CancellationToken ct) => Recent = await import.RecentAsync(ImportApi.User(User).Id, 10, ct);

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct)
    {
        var buffer = new MemoryStream(); // disposed by the result once sent
        await template.WriteAsync(scope, buffer, ct);
        buffer.Position = 0;
        return File(buffer, XlsxWriter.ContentType, RosterTemplate.FileName);
    }

    // No handler parameters: binding them would make MVC read the form (without our size limit) first.
    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var (form, error, status) = await Uploads.ReadFormAsync(HttpContext, MaxBytes, ct);
        if (form is null) return await Refuse(error!, status, ct);
        try
        {
            await antiforgery.ValidateRequestAsync(HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return await Refuse("Formulir kedaluwarsa atau tidak sah. Muat ulang halaman ini lalu unggah lagi.", 400, ct);
        }

        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null || file.FileName.Length == 0) return await Refuse("Pilih berkas .xlsx, .xls atau .csv terlebih dahulu.", 400, ct);

        var (userId, userName) = ImportApi.User(User);
        ImportSession session;
        try
        {
            await using var stream = file.OpenReadStream();
            session = await import.CreateAsync(stream, file.FileName, userId, userName, scope, ct);
        }
        catch (TabularFileException e)
        {
            return await Refuse(e.Message, e.StatusCode, ct);
        }

        if (import.CheckInline(session)) await import.StageAsync(session.Id, ct);
        else queue.Enqueue(new ImportWork(session.Id, Apply: false));
        return Redirect($"/Registry/Import/{session.Id}");
    }

    private async Task<IActionResult> Refuse(string message, int status, CancellationToken ct)
    {
        Error = message;
        Recent = await import.RecentAsync(ImportApi.User(User).Id, 10, ct);
        Response.StatusCode = status;
        return Page();
    }
}
