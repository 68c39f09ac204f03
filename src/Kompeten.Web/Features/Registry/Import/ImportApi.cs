using System.Security.Claims;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Registry.Import;

public sealed record ImportTotals(int Rows, int New, int Update, int Unchanged, int Error);

/// <param name="Status">new, update, unchanged or error.</param>
/// <param name="Label">baru, perbarui, tidak berubah or galat.</param>
/// <param name="Nik">Masked, e.g. 630101••••••0003.</param>
public sealed record ImportRowDto(int Row, string Status, string Label, string? Nik, string? Name, string? RegencyCode, string[] Errors, List<string> Changed);

public sealed record ImportReport(Guid SessionId, string FileName, bool DryRun, bool Applied, ImportTotals Totals, List<ImportRowDto> Rows);

/// <summary>POST /api/v1/people/import, and the xlsx export of the people list at /Registry/People/Export.</summary>
public static class ImportApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/people/import", ImportAsync)
            .RequireAuthorization(Policies.RegistryWrite)
            .DisableAntiforgery() // token clients; cookie sessions are SameSite=Lax, so no cross-site POST carries them
            .WithTags("Registri")
            .WithName("ImportPeople")
            .WithSummary("Impor tenaga perpustakaan dari berkas xlsx/xls/csv (field \"file\")")
            .WithDescription("Baris diperiksa dengan aturan yang sama dengan formulir. dryRun=true hanya melaporkan status per baris. " +
                             "Tanpa dryRun, semua baris valid disimpan dalam satu transaksi; bila ada baris galat tidak ada yang disimpan, " +
                             "kecuali skipInvalid=true (baris galat dilewati).")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/Registry/People/Export", ExportAsync)
            .RequireAuthorization(Policies.RegistryRead)
            .WithName("ExportPeople")
            .ExcludeFromDescription();
    }

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(
        HttpContext http, RosterImport import, UserScope scope, IOptions<ImportOptions> options, bool? dryRun, bool? skipInvalid, CancellationToken ct)
    {
        var (form, error, status) = await Uploads.ReadFormAsync(http, options.Value.MaxFileBytes, ct);
        if (form is null) return TypedResults.Problem(error, statusCode: status, title: KompetenServices.StatusTitle(status));
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null)
        {
            return TypedResults.Problem("Kirim berkas .xlsx, .xls atau .csv pada field \"file\" (multipart/form-data).", statusCode: 400, title: "Berkas tidak ada");
        }

        var (userId, userName) = User(http.User);
        ImportSession session;
        try
        {
            await using var stream = file.OpenReadStream();
            session = await import.CreateAsync(stream, file.FileName, userId, userName, scope, ct);
        }
        catch (TabularFileException e)
        {
            return TypedResults.Problem(e.Message, statusCode: e.StatusCode, title: "Berkas tidak dapat diimpor");
        }

        await import.StageAsync(session.Id, ct);
        session = (await import.FindAsync(session.Id, userId, ct))!;
        if (session.Status is not ImportStatus.Ready)
        {
            return TypedResults.Problem(session.Message, statusCode: 400, title: "Berkas tidak dapat diimpor",
                extensions: new Dictionary<string, object?> { ["sessionId"] = session.Id });
        }

        var rows = (await import.RowsAsync(session.Id, null, 0, int.MaxValue, ct)).Select(ToDto).ToList();
        if (dryRun == true)
        {
            await import.CancelAsync(session.Id, ct); // nothing follows a dry run: its rows (personal data) go now
            return TypedResults.Ok(Report(session, rows, dryRun: true, applied: false));
        }

        if (session.ErrorRows > 0 && skipInvalid != true)
        {
            await import.CancelAsync(session.Id, ct);
            return TypedResults.Problem(
                $"{session.ErrorRows} dari {session.TotalRows} baris berisi galat, sehingga tidak ada data yang disimpan. " +
                "Perbaiki baris tersebut (lihat \"rows\"), atau kirim ulang dengan skipInvalid=true untuk menyimpan baris yang benar saja.",
                statusCode: 422, title: "Berkas berisi baris yang salah",
                extensions: new Dictionary<string, object?>
                {
                    ["totals"] = Totals(session),
                    ["rows"] = rows.Where(r => r.Status == "error").ToList(),
                });
        }

        var applied = await import.ApplyAsync(session.Id, ct);
        session = (await import.FindAsync(session.Id, userId, ct))!;
        if (!applied)
        {
            return TypedResults.Problem(session.Message, statusCode: 409, title: "Impor dibatalkan, tidak ada data yang disimpan",
                extensions: new Dictionary<string, object?> { ["sessionId"] = session.Id });
        }
        return TypedResults.Ok(Report(session, rows, dryRun: false, applied: true));
    }

    private static ImportReport Report(ImportSession s, List<ImportRowDto> rows, bool dryRun, bool applied) =>
        new(s.Id, s.FileName, dryRun, applied, Totals(s), rows);

    private static ImportTotals Totals(ImportSession s) => new(s.TotalRows, s.NewRows, s.UpdateRows, s.UnchangedRows, s.ErrorRows);

    public static string Code(RowOutcome o) => o switch
    {
        RowOutcome.New => "new",
        RowOutcome.Update => "update",
        RowOutcome.Unchanged => "unchanged",
        _ => "error",
    };

    public static string Label(RowOutcome o) => o switch
    {
        RowOutcome.New => "baru",
        RowOutcome.Update => "perbarui",
        RowOutcome.Unchanged => "tidak berubah",
        _ => "galat",
    };

    private static ImportRowDto ToDto(ImportRowView r) =>
        new(r.Number, Code(r.Outcome), Label(r.Outcome), r.NikMasked, r.FullName, r.RegencyCode, r.Errors, r.Changed);

    internal static (string Id, string Name) User(ClaimsPrincipal user) =>
        (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.Identity?.Name ?? "?");

    /// <summary>The people list of the user's scope as xlsx; <c>full=1</c> asks for full NIKs (logged; only for <see cref="Policies.FullNik"/>).</summary>
    private static async Task<IResult> ExportAsync(HttpContext http, [AsParameters] RegistryApi.PeopleFilterQuery filterQuery, PeopleExport export, UserScope scope,
        IAuthorizationService auth, TimeProvider clock, CancellationToken ct)
    {
        // The same query-string binding as GET /api/v1/people, so a new filter is added in one place.
        var filter = filterQuery.ToFilter();
        var query = http.Request.Query;
        var full = query["full"] == "1" || string.Equals(query["full"], "true", StringComparison.OrdinalIgnoreCase);
        if (full && !(await auth.AuthorizeAsync(http.User, Policies.FullNik)).Succeeded) return Results.Forbid();

        var (userId, userName) = User(http.User);
        // Buffered (the xlsx writer is synchronous), then sent from the buffer itself rather than a copy of it.
        var buffer = new MemoryStream(); // disposed by the result once sent
        await export.WriteAsync(filter, scope, full, userId, userName, buffer, ct);
        buffer.Position = 0;
        return Results.File(buffer, XlsxWriter.ContentType, PeopleExport.FileName(scope, clock));
    }
}
