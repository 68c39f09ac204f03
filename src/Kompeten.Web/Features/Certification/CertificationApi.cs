using System.Globalization;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Registry.Import;
using Kompeten.Web.Features.Verification;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Certification;

public sealed record ApplicationDto(
    int Id, int PersonId, string Name, int SchemeId, string Scheme, ApplicationStatus Status, string StatusText, AssessmentPurpose Purpose,
    string RegencyCode, bool MentorAssigned, int? AssessmentEventId, int Attempt, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt,
    DateTimeOffset? ReadyAt, DateTimeOffset? VerifiedAt);

public sealed record ApplicationEventDto(string Action, string ActionText, ApplicationStatus From, ApplicationStatus To, string Actor, DateTimeOffset At, string? Reason);

public sealed record ApplicationDetailDto(ApplicationDto Application, List<ApplicationEventDto> History);

public sealed record ApplicationPage(List<ApplicationDto> Items, int? NextAfterId);

public sealed record ImportErrorDto(int Row, string Message);

public sealed record ResultsImportDto(bool DryRun, bool Applied, int Rows, int Candidates, int Competent, int NotYetCompetent, List<ImportErrorDto> Errors);

/// <summary>/api/v1 for applications (status and history), results import and public certificate verification.</summary>
public static class CertificationApi
{
    public static void MapCertificationApi(this IEndpointRouteBuilder app)
    {
        var applications = app.MapGroup("/api/v1/applications").WithTags("Sertifikasi: pengajuan").RequireAuthorization(Policies.Certification);
        applications.MapGet("/", List).WithName("ListApplications")
            .WithSummary("Pengajuan sertifikasi yang boleh Anda lihat (filter status/skema; keyset paging lewat 'after').");
        applications.MapGet("/{id:int}", Get).WithName("GetApplication").WithSummary("Status dan riwayat satu pengajuan.");

        app.MapPost("/api/v1/results/import", Import).WithTags("Sertifikasi: hasil uji").RequireAuthorization(Policies.Admin)
            .DisableAntiforgery().WithName("ImportResults")
            .WithSummary("Impor hasil uji kompetensi dari .xlsx, .xls, atau .csv (kolom NIK, Kode unit, K/BK, Keseluruhan); dryRun=true hanya memeriksa.")
            .WithDescription("multipart/form-data dengan bagian: file (berkasnya), eventId (ID uji kompetensi), dryRun (true/false, opsional), " +
                             "issuedOn (tanggal terbit sertifikat yyyy-MM-dd, opsional; bawaan hari ini).")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ResultsImportDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/v1/verify/{code}", Verify).WithTags("Verifikasi").AllowAnonymous()
            .RequireRateLimiting(Verification.VerificationSetup.RateLimitPolicy).WithName("VerifyCertificate")
            .WithSummary("Verifikasi publik sertifikat kompetensi berdasarkan kodenya.");
    }

    private static IQueryable<ApplicationDto> Project(IQueryable<Application> q) => q.Select(a => new ApplicationDto(
        a.Id, a.PersonId, a.DiplomaName ?? a.Person!.FullName, a.SchemeId, a.Scheme!.Name, a.Status, "", a.Purpose, a.RegencyCode,
        a.MentorUserId != null, a.AssessmentEventId, a.Attempt, a.CreatedAt, a.SubmittedAt, a.ReadyAt, a.VerifiedAt));

    private static ApplicationDto WithText(ApplicationDto d) => d with { StatusText = RegistryLists.Display(d.Status) };

    private static async Task<Results<Ok<ApplicationPage>, ValidationProblem>> List(
        string? status, int? schemeId, int? after, int? size, AppDbContext db, CertificationAccess access)
    {
        var query = access.Visible(db.Applications.AsNoTracking());
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<ApplicationStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["status"] = [$"Status \"{status}\" tidak dikenal. Gunakan salah satu: {string.Join(", ", Enum.GetNames<ApplicationStatus>())}."],
                }, title: "Filter tidak valid");
            }
            query = query.Where(a => a.Status == s);
        }
        if (schemeId is { } sid) query = query.Where(a => a.SchemeId == sid);
        if (after is { } a) query = query.Where(x => x.Id > a);
        var take = Math.Clamp(size ?? 100, 1, 500);
        var items = await Project(query.OrderBy(x => x.Id)).Take(take + 1).ToListAsync();
        int? next = items.Count > take ? items[take - 1].Id : null;
        return TypedResults.Ok(new ApplicationPage(items.Take(take).Select(WithText).ToList(), next));
    }

    private static async Task<Results<Ok<ApplicationDetailDto>, NotFound<ProblemDetails>>> Get(int id, AppDbContext db, CertificationAccess access)
    {
        var application = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id);
        if (application is null || !access.CanSee(application)) return NotFound($"Pengajuan dengan ID {id} tidak ada atau bukan wewenang Anda.");
        var dto = await Project(db.Applications.AsNoTracking().Where(a => a.Id == id)).FirstAsync();
        var history = await db.ApplicationEvents.AsNoTracking().Where(h => h.ApplicationId == id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync();
        return TypedResults.Ok(new ApplicationDetailDto(WithText(dto),
            history.Select(h => new ApplicationEventDto(h.Action, Application.ActionLabel(h.Action), h.From, h.To, h.Actor, h.At, h.Reason)).ToList()));
    }

    /// <summary>
    /// The form is read here, within the import's size limit (<see cref="Uploads.ReadFormAsync"/>), not bound
    /// as <see cref="IFormFile"/>: binding reads the body first, and a body over the server's own limit would
    /// fail there without saying the file is too large.
    /// </summary>
    private static async Task<Results<Ok<ResultsImportDto>, NotFound<ProblemDetails>, ProblemHttpResult>> Import(
        HttpContext http, AppDbContext db, UserScope scope, CertificationAccess access, ResultsImport import, TimeProvider clock,
        IOptions<ImportOptions> options, CancellationToken ct)
    {
        var (form, error, formStatus) = await Uploads.ReadFormAsync(http, options.Value.MaxFileBytes, ct);
        if (form is null) return TypedResults.Problem(error, statusCode: formStatus, title: KompetenServices.StatusTitle(formStatus));
        var (fields, problem) = ReadFields(form);
        if (problem is not null) return problem;
        var (eventId, dryRun, issuedOn) = fields;

        var ev = await db.AssessmentEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, ct);
        if (ev is null || !InScope(ev, scope)) return NotFound($"Uji kompetensi dengan ID {eventId} tidak ada di wilayah Anda.");
        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return TypedResults.Problem(title: "Berkas belum dikirim",
                detail: $"Kirim berkas {TabularFile.ExtensionsText} pada bagian 'file' (multipart/form-data) dengan kolom NIK, Kode unit, K/BK, Keseluruhan.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        await using var stream = file.OpenReadStream();
        var report = await import.RunAsync(ev, stream, issuedOn ?? clock.Today(), dryRun ?? false, access.Actor);
        if (report.RefusedWith is { } status) return TypedResults.Problem(report.Errors[0].Message, statusCode: status, title: "Berkas tidak dapat diimpor");
        var dto = new ResultsImportDto(report.DryRun, report.Applied, report.Rows, report.Candidates, report.Competent, report.NotYetCompetent,
            report.Errors.Select(e => new ImportErrorDto(e.Row, e.Message)).ToList());
        if (report.Succeeded) return TypedResults.Ok(dto);
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Hasil tidak diimpor",
            Detail = $"{report.Errors.Count} kesalahan ditemukan; tidak ada hasil yang disimpan. Perbaiki baris yang disebutkan lalu kirim ulang berkasnya.",
            Extensions = { ["errors"] = dto.Errors },
        });
    }

    private readonly record struct ResultsFields(int EventId, bool? DryRun, DateOnly? IssuedOn);

    /// <summary>The fields besides the file, read as model binding would, each refusal saying what to send.</summary>
    private static (ResultsFields Fields, ProblemHttpResult? Problem) ReadFields(IFormCollection form)
    {
        var errors = new Dictionary<string, string[]>();
        if (!int.TryParse(form["eventId"], NumberStyles.None, CultureInfo.InvariantCulture, out var eventId))
        {
            errors["eventId"] = ["eventId wajib diisi dengan ID uji kompetensi (angka), misalnya 12."];
        }
        bool? dryRun = null;
        if (form["dryRun"].ToString().Trim() is { Length: > 0 } dryRunText)
        {
            if (bool.TryParse(dryRunText, out var d)) dryRun = d;
            else errors["dryRun"] = [$"dryRun \"{dryRunText}\" tidak dapat dibaca; isi true (hanya memeriksa) atau false."];
        }
        DateOnly? issuedOn = null;
        if (form["issuedOn"].ToString().Trim() is { Length: > 0 } issuedOnText)
        {
            if (DateOnly.TryParse(issuedOnText, CultureInfo.InvariantCulture, out var date)) issuedOn = date;
            else errors["issuedOn"] = [$"issuedOn \"{issuedOnText}\" bukan tanggal; tulis sebagai yyyy-MM-dd, misalnya 2026-03-11."];
        }
        if (errors.Count == 0) return (new(eventId, dryRun, issuedOn), null);
        return (default, TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Isian tidak valid",
            Detail = string.Join(" ", errors.Values.SelectMany(e => e)),
        }));
    }

    public static bool InScope(AssessmentEvent ev, UserScope scope) => scope.Level switch
    {
        ScopeLevel.National => true,
        ScopeLevel.Province => ev.ProvinceCode == scope.RegionCode,
        _ => false,
    };

    private static async Task<Results<Ok<CompetencyCertificateView>, NotFound<ProblemDetails>>> Verify(string code, CompetencyVerification verification, HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        var view = await verification.FindAsync(code);
        return view is null
            ? NotFound("Kode sertifikat tidak ditemukan. Periksa kembali kode pada sertifikat (10 karakter huruf dan angka) atau pindai ulang kode QR-nya.")
            : TypedResults.Ok(view);
    }

    private static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Data tidak ditemukan", Detail = detail });
}
