using System.Globalization;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification.Applications;

/// <summary>
/// One application, read top to bottom: status and the next steps the viewer may take, the
/// checklist, FR.APL.01, the portfolio, FR.APL.02 with evidence, comments and history. The
/// candidate side (candidate, their operator, administrators) edits while it is a draft or under
/// revision; the assigned mentor comments, requests revision, marks ready; administrators assign
/// the mentor and verify. Every step goes through the <see cref="Application"/> methods; a refused
/// step comes back as an Indonesian message, never an error page. Document uploads are read within
/// the per-file limit by <see cref="UploadFormAttribute"/>, which also checks the antiforgery token
/// of every POST here.
/// </summary>
[Authorize(Policy = Policies.Certification)]
[IgnoreAntiforgeryToken]
[UploadForm("Upload", MaxBytes = UploadSniffer.MaxBytes)]
public class DetailsModel(
    AppDbContext db, CertificationAccess access, Preparation preparation, Notifier notifier, ApplicationForms forms, Handoff handoff, TimeProvider clock) : PageModel
{
    public Application App { get; private set; } = null!;
    public Person Person => App.Person!;
    public Scheme Scheme => App.Scheme!;
    public List<PortfolioDocument> Documents { get; private set; } = [];
    public List<ReviewComment> Comments { get; private set; } = [];
    public List<ChecklistItem> Checklist { get; private set; } = [];
    public EligibilityResult Eligibility { get; private set; } = null!;
    public IReadOnlyList<string> RequiredKinds { get; private set; } = [];
    public string? MentorName { get; private set; }
    public AssessmentEvent? Event { get; private set; }
    public List<MentorLoad> Mentors { get; private set; } = [];
    public MentorSuggestion? Suggestion { get; private set; }
    public Certificate? Certificate { get; private set; }
    public List<UnitResult> Results { get; private set; } = [];
    public CertificationAccess Access => access;

    public bool CanPrepare => access.CanPrepare(App) && App.Status is ApplicationStatus.Draft or ApplicationStatus.RevisionRequested;
    public bool IsMentor => access.IsAssignedMentor(App);
    public bool IsAdmin => access.Administers(App);

    private async Task<bool> LoadAsync(int id)
    {
        var app = await db.Applications
            .Include(a => a.Person).ThenInclude(p => p!.Library)
            .Include(a => a.Scheme).ThenInclude(s => s!.Units).ThenInclude(u => u.Elements).ThenInclude(e => e.Criteria)
            .Include(a => a.Claims)
            .Include(a => a.History)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id);
        // Not allowed looks exactly like missing: ids cannot be probed.
        if (app is null || !access.CanSee(app)) return false;
        App = app;
        Documents = await db.PortfolioDocuments.AsNoTracking().Where(d => d.ApplicationId == id && !d.Superseded).OrderBy(d => d.Id).ToListAsync();
        Comments = await db.ReviewComments.AsNoTracking().Where(c => c.ApplicationId == id).OrderBy(c => c.At).ToListAsync();
        Eligibility = await preparation.EligibilityAsync(app.Person!, app.Scheme!);
        Checklist = await preparation.ChecklistAsync(app);
        RequiredKinds = Preparation.RequiredKinds(app.Scheme!, app.Person!);
        MentorName = app.MentorUserId is null ? null : await db.Users.Where(u => u.Id == app.MentorUserId).Select(u => u.FullName).FirstOrDefaultAsync();
        Event = app.AssessmentEventId is { } eid ? await db.AssessmentEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eid) : null;
        Certificate = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.ApplicationId == id);
        Results = await db.UnitResults.AsNoTracking().Where(r => r.ApplicationId == id).ToListAsync();
        if (access.Administers(app))
        {
            Mentors = (await MentorPool.LoadsAsync(db, app.ProvinceCode)).Where(m => m.Takes(app.Scheme!.Key)).ToList();
            Suggestion = MentorAssignment.Suggest(Mentors.Where(m => m.UserId != app.MentorUserId), app.Scheme!.Key, app.RegencyCode);
        }
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public UnitClaim? ClaimFor(int unitId, int? elementId = null) => App.Claims.FirstOrDefault(c => c.UnitId == unitId && c.ElementId == elementId);

    public string? LastRevisionReason => App.History.Where(h => h.Action == "request-revision").OrderByDescending(h => h.At).FirstOrDefault()?.Reason;

    // ----- candidate side -----

    public async Task<IActionResult> OnPostApl01Async(int id, string? diplomaName, AssessmentPurpose purpose, string? institution, string? position)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanPrepare) return Refuse(id, NotEditable());
        var name = diplomaName is null ? "" : Person.NormalizeName(diplomaName);
        if (name.Length == 0) return Refuse(id, "Isi nama lengkap persis seperti tertulis di ijazah (akan disimpan dalam huruf kapital).");
        if (name.Length > 200) return Refuse(id, "Nama sesuai ijazah paling panjang 200 karakter.");
        if (!Enum.IsDefined(purpose)) return Refuse(id, "Pilih tujuan asesmen dari daftar.");
        if (App.RenewsCertificateId is not null) purpose = AssessmentPurpose.Recertification;
        App.DiplomaName = name;
        App.Purpose = purpose;
        App.Institution = string.IsNullOrWhiteSpace(institution) ? null : institution.Trim();
        App.Position = string.IsNullOrWhiteSpace(position) ? null : position.Trim();
        await db.SaveChangesAsync();
        return Done(id, "FR.APL.01 disimpan.", "apl01");
    }

    /// <summary>FR.APL.02: per unit "unit-{id}" = K/BK, "note-{id}", "evidence-{id}" (document ids); per element "element-{id}" = K/BK.</summary>
    public async Task<IActionResult> OnPostClaimsAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanPrepare) return Refuse(id, NotEditable());
        var form = Request.Form;
        var documentIds = Documents.Select(d => d.Id).ToHashSet();
        foreach (var unit in Scheme.Units)
        {
            var verdict = ResultsImport.ParseResult(form[$"unit-{unit.Id}"].ToString());
            var claim = ClaimFor(unit.Id);
            if (verdict is null)
            {
                if (claim is not null) db.UnitClaims.Remove(claim);
            }
            else
            {
                if (claim is null) App.Claims.Add(claim = new UnitClaim { UnitId = unit.Id });
                claim.Competent = verdict.Value;
                claim.Note = form[$"note-{unit.Id}"].ToString() is { Length: > 0 } note ? note.Trim()[..Math.Min(note.Trim().Length, 1000)] : null;
                claim.EvidenceDocumentIds = form[$"evidence-{unit.Id}"]
                    .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 0)
                    .Where(documentIds.Contains).Distinct().ToList();
            }
            foreach (var element in unit.Elements)
            {
                var ev = ResultsImport.ParseResult(form[$"element-{element.Id}"].ToString());
                var ec = ClaimFor(unit.Id, element.Id);
                if (ev is null) { if (ec is not null) db.UnitClaims.Remove(ec); continue; }
                if (ec is null) App.Claims.Add(ec = new UnitClaim { UnitId = unit.Id, ElementId = element.Id });
                ec.Competent = ev.Value;
            }
        }
        await db.SaveChangesAsync();
        return Done(id, "Asesmen mandiri FR.APL.02 disimpan.", "apl02");
    }

    public async Task<IActionResult> OnPostUploadAsync(int id, string? kind, int? unitId, IFormFile? file)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanPrepare) return Refuse(id, NotEditable());
        if (UploadFormAttribute.Refusal(HttpContext) is { } refused)
        {
            // The form was not read, so the unit (for the anchor) is not known.
            return Refuse(id, refused.Status == StatusCodes.Status413PayloadTooLarge ? Preparation.TooLarge(null, Request.ContentLength) : refused.Message, "portfolio");
        }
        var result = await preparation.UploadAsync(App, kind ?? "", unitId, file, access.Actor);
        if (result.Error is not null) return Refuse(id, result.Error, unitId is null ? "portfolio" : $"unit-{unitId}");
        return Done(id, $"Berkas \"{result.Document!.OriginalName}\" diunggah.", unitId is null ? "portfolio" : $"unit-{unitId}");
    }

    public async Task<IActionResult> OnPostRemoveDocumentAsync(int id, int documentId)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanPrepare) return Refuse(id, NotEditable());
        var document = await db.PortfolioDocuments.FirstOrDefaultAsync(d => d.Id == documentId && d.ApplicationId == id && !d.Superseded);
        if (document is null) return NotFound();
        document.Superseded = true;
        await db.SaveChangesAsync();
        return Done(id, $"Berkas \"{document.OriginalName}\" dihapus dari portofolio.", "portfolio");
    }

    public async Task<IActionResult> OnPostSubmitAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!access.CanPrepare(App)) return NotFound();
        if (Missing() is { } missing) return Refuse(id, missing);
        return await MoveAsync(id, () => App.Submit(access.Actor, clock.GetUtcNow()), "Pengajuan dikirim ke pendamping.", async () =>
        {
            if (App.MentorUserId is { } mentor) notifier.ToUser(mentor, $"{App.DiplomaName} mengajukan {Scheme.Name} untuk ditinjau.", Link);
            await Task.CompletedTask;
        });
    }

    public async Task<IActionResult> OnPostResubmitAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!access.CanPrepare(App)) return NotFound();
        if (Missing() is { } missing) return Refuse(id, missing);
        return await MoveAsync(id, () => App.Resubmit(access.Actor, clock.GetUtcNow()), "Revisi dikirim ulang ke pendamping.", async () =>
        {
            if (App.MentorUserId is { } mentor) notifier.ToUser(mentor, $"{App.DiplomaName} mengirim ulang revisi {Scheme.Name}.", Link);
            await Task.CompletedTask;
        });
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int id, string? reason)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!access.CanPrepare(App)) return NotFound();
        return await MoveAsync(id, () => App.Withdraw(access.Actor, clock.GetUtcNow(), reason ?? ""), "Pengajuan ditarik (mengundurkan diri).");
    }

    public async Task<IActionResult> OnPostPrepareResitAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!access.CanPrepare(App)) return NotFound();
        return await MoveAsync(id, () => App.PrepareResit(access.Actor, clock.GetUtcNow()),
            "Uji ulang disiapkan: pengajuan kembali menjadi draf. Perbaiki bukti unit yang belum kompeten lalu ajukan lagi ke pendamping.");
    }

    // ----- mentor -----

    public async Task<IActionResult> OnPostCommentAsync(int id, string? text, int? documentId, int? unitId)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (string.IsNullOrWhiteSpace(text)) return Refuse(id, "Tulis komentarnya terlebih dahulu.", Anchor(documentId, unitId));
        if (documentId is not null && Documents.All(d => d.Id != documentId)) return NotFound();
        if (unitId is not null && Scheme.Units.All(u => u.Id != unitId)) return NotFound();
        db.ReviewComments.Add(new ReviewComment
        {
            ApplicationId = id,
            DocumentId = documentId,
            UnitId = unitId,
            AuthorUserId = access.UserId,
            AuthorName = access.Actor,
            Text = text.Trim()[..Math.Min(text.Trim().Length, 2000)],
            At = clock.GetUtcNow(),
        });
        if (IsMentor) await notifier.ToPersonAsync(App.PersonId, $"Pendamping memberi komentar pada pengajuan {Scheme.Name}.", Link);
        else if (App.MentorUserId is { } mentor && mentor != access.UserId) notifier.ToUser(mentor, $"{App.DiplomaName} membalas komentar ({Scheme.Name}).", Link);
        await db.SaveChangesAsync();
        return Done(id, "Komentar disimpan.", Anchor(documentId, unitId));
    }

    public async Task<IActionResult> OnPostRequestRevisionAsync(int id, string? reason)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!IsMentor) return NotFound();
        return await MoveAsync(id, () => App.RequestRevision(access.Actor, clock.GetUtcNow(), reason ?? ""), "Permintaan revisi dikirim ke kandidat.",
            () => notifier.ToPersonAsync(App.PersonId, $"Pendamping meminta revisi {Scheme.Name}: {reason?.Trim()}", Link));
    }

    public async Task<IActionResult> OnPostMarkReadyAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!IsMentor) return NotFound();
        return await MoveAsync(id, () => App.MarkReady(access.Actor, clock.GetUtcNow()), "Kandidat ditandai siap; admin provinsi akan memverifikasi.",
            () => notifier.ToPersonAsync(App.PersonId, $"Pendamping menandai Anda siap untuk uji {Scheme.Name}.", Link));
    }

    // ----- administrator -----

    public async Task<IActionResult> OnPostAssignMentorAsync(int id, string? mentorUserId)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!IsAdmin) return NotFound();
        var result = await AssignAsync(db, App, Mentors, mentorUserId, notifier);
        if (result is not null) return Refuse(id, result);
        await db.SaveChangesAsync();
        return Done(id, "Pendamping ditetapkan.");
    }

    /// <summary>Shared by this page and the assignments page: checks the mentor takes the scheme and has a seat.</summary>
    public static async Task<string?> AssignAsync(AppDbContext db, Application app, IReadOnlyList<MentorLoad> mentors, string? mentorUserId, Notifier notifier)
    {
        if (app.Status is not (ApplicationStatus.Draft or ApplicationStatus.Submitted or ApplicationStatus.RevisionRequested or ApplicationStatus.Resubmitted))
            return "Pendamping hanya dapat ditetapkan atau diganti sebelum kandidat ditandai siap.";
        var mentor = mentors.FirstOrDefault(m => m.UserId == mentorUserId);
        if (mentor is null) return "Pilih pendamping dari daftar: hanya pendamping aktif yang menangani klaster ini.";
        if (mentor.UserId == app.MentorUserId) return null;
        if (mentor.FreeSeats <= 0) return $"{mentor.Name} sudah penuh ({mentor.ActiveCandidates}/{mentor.Capacity}); pilih pendamping lain atau naikkan kapasitasnya.";
        app.MentorUserId = mentor.UserId;
        var name = app.DiplomaName ?? (await db.People.Where(p => p.Id == app.PersonId).Select(p => p.FullName).FirstAsync());
        notifier.ToUser(mentor.UserId, $"Anda ditugaskan mendampingi {name}.", $"/Certification/Applications/{app.Id}");
        return null;
    }

    public async Task<IActionResult> OnPostVerifyAsync(int id, bool provinceFunded)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!IsAdmin) return NotFound();
        App.ProvinceFunded = provinceFunded;
        return await MoveAsync(id, () => App.Verify(access.Actor, clock.GetUtcNow()), "Pengajuan diverifikasi; kandidat dapat ditempatkan pada uji kompetensi.",
            () => notifier.ToPersonAsync(App.PersonId, $"Pengajuan {Scheme.Name} Anda telah diverifikasi admin provinsi.", Link));
    }

    public async Task<IActionResult> OnPostFundingAsync(int id, bool provinceFunded)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!IsAdmin) return NotFound();
        App.ProvinceFunded = provinceFunded;
        await db.SaveChangesAsync();
        return Done(id, provinceFunded ? "Ditandai dibiayai APBD Provinsi." : "Tanda pembiayaan APBD Provinsi dihapus.");
    }

    /// <summary>APL-01 / APL-02 as PDF for administrators (they carry the NIK: logged as a hand-off).</summary>
    public async Task<IActionResult> OnGetFormAsync(int id, string form)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!IsAdmin || form is not ("apl01" or "apl02")) return NotFound();
        var data = await forms.LoadAsync(id);
        if (data is null) return NotFound();
        var bytes = form == "apl01" ? await forms.Apl01PdfAsync(data) : await forms.Apl02PdfAsync(data);
        await handoff.LogAsync(access.UserId, access.Name, $"{(form == "apl01" ? "FR.APL.01" : "FR.APL.02")} pengajuan #{id}", 1, App.PersonId);
        return File(bytes, "application/pdf", $"{(form == "apl01" ? "APL-01" : "APL-02")}_{ApplicationForms.FileSafe(App.DiplomaName ?? Person.FullName)}.pdf");
    }

    // ----- helpers -----

    private string Link => $"/Certification/Applications/{App.Id}";

    private string? Missing()
    {
        var missing = Checklist.Where(c => !c.Done).ToList();
        return missing.Count == 0 ? null
            : "Belum dapat diajukan; lengkapi dulu: " + string.Join("; ", missing.Select(m => m.Label)) + ".";
    }

    private string NotEditable() =>
        $"Pengajuan berstatus {RegistryLists.Display(App.Status)} sehingga tidak dapat diubah. Perubahan hanya dapat dilakukan saat draf atau saat pendamping meminta revisi.";

    private static string? Anchor(int? documentId, int? unitId) => unitId is { } u ? $"unit-{u}" : documentId is not null ? "portfolio" : "comments";

    private async Task<IActionResult> MoveAsync(int id, Action step, string message, Func<Task>? after = null)
    {
        try
        {
            step();
        }
        catch (TransitionRefused e)
        {
            return Refuse(id, e.Message);
        }
        if (after is not null) await after();
        await db.SaveChangesAsync();
        return Done(id, message);
    }

    private RedirectResult Refuse(int id, string error, string? anchor = null)
    {
        TempData["Error"] = error;
        return Redirect($"/Certification/Applications/{id}{(anchor is null ? "" : "#" + anchor)}");
    }

    private RedirectResult Done(int id, string message, string? anchor = null)
    {
        TempData["Message"] = message;
        return Redirect($"/Certification/Applications/{id}{(anchor is null ? "" : "#" + anchor)}");
    }
}
