using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Features.Registry;

namespace Kompeten.Web.Features.Certification;

/// <summary>Where a candidate's application stands (DOMAIN.md §3, steps 4–9).</summary>
public enum ApplicationStatus
{
    [Display(Name = "Draf")] Draft = 1,
    [Display(Name = "Diajukan ke pendamping")] Submitted = 2,
    [Display(Name = "Perlu revisi")] RevisionRequested = 3,
    [Display(Name = "Diajukan ulang")] Resubmitted = 4,
    [Display(Name = "Siap (pendamping)")] Ready = 5,
    [Display(Name = "Terverifikasi (admin)")] Verified = 6,
    [Display(Name = "Terjadwal uji kompetensi")] Scheduled = 7,
    [Display(Name = "Kompeten — bersertifikat")] Certified = 8,
    [Display(Name = "Belum Kompeten")] NotYetCompetent = 9,
    [Display(Name = "Mengundurkan diri")] Withdrawn = 10,
}

public enum AssessmentPurpose
{
    [Display(Name = "Sertifikasi")] Certification = 1,
    [Display(Name = "Sertifikasi ulang")] Recertification = 2,
    [Display(Name = "Pengakuan Kompetensi Terkini (PKT)")] CurrentCompetency = 3,
    [Display(Name = "Lainnya")] Other = 4,
}

/// <summary>A state change refused by the rules; the message says why, in Indonesian.</summary>
public sealed class TransitionRefused(string message) : Exception(message);

/// <summary>
/// One candidate's application for one scheme: FR.APL.01 data, the FR.APL.02 claims, the
/// portfolio, and a state machine whose every step is recorded in <see cref="History"/>.
/// </summary>
public class Application : IRegional, Infrastructure.IAudited
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public int SchemeId { get; set; }
    public ApplicationStatus Status { get; private set; } = ApplicationStatus.Draft;
    public AssessmentPurpose Purpose { get; set; } = AssessmentPurpose.Certification;

    /// <summary>FR.APL.01: name in capitals exactly as on the diploma.</summary>
    public string? DiplomaName { get; set; }

    /// <summary>FR.APL.01 snapshot of institution and position at the time of applying.</summary>
    public string? Institution { get; set; }
    public string? Position { get; set; }

    public required string RegencyCode { get; set; }
    public required string ProvinceCode { get; set; }

    public string? MentorUserId { get; set; }

    /// <summary>Funded by the province (APBD) — used by the placement priority.</summary>
    public bool ProvinceFunded { get; set; }

    /// <summary>The certificate this one renews (re-certification).</summary>
    public int? RenewsCertificateId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? ReadyAt { get; private set; }
    public DateTimeOffset? VerifiedAt { get; private set; }

    /// <summary>Re-sits after Belum Kompeten.</summary>
    public int Attempt { get; private set; } = 1;

    public int? AssessmentEventId { get; set; }

    public Person? Person { get; set; }
    public Scheme? Scheme { get; set; }
    public List<ApplicationEvent> History { get; set; } = [];
    public List<UnitClaim> Claims { get; set; } = [];

    public static readonly ApplicationStatus[] Active =
    [
        ApplicationStatus.Draft, ApplicationStatus.Submitted, ApplicationStatus.RevisionRequested, ApplicationStatus.Resubmitted,
        ApplicationStatus.Ready, ApplicationStatus.Verified, ApplicationStatus.Scheduled,
    ];

    /// <summary>Statuses from which the candidate may still withdraw (before scheduling).</summary>
    public static readonly ApplicationStatus[] Withdrawable =
    [
        ApplicationStatus.Draft, ApplicationStatus.Submitted, ApplicationStatus.RevisionRequested, ApplicationStatus.Resubmitted,
        ApplicationStatus.Ready, ApplicationStatus.Verified,
    ];

    /// <summary>Statuses of a candidate holding a seat on an assessment event (scheduled, or tested there).</summary>
    public static readonly ApplicationStatus[] OnEvent = [ApplicationStatus.Scheduled, ApplicationStatus.Certified, ApplicationStatus.NotYetCompetent];

    /// <summary>Every legal move: from → (to, action). Anything else is refused.</summary>
    public static readonly IReadOnlyList<(ApplicationStatus From, ApplicationStatus To, string Action)> Transitions =
    [
        (ApplicationStatus.Draft, ApplicationStatus.Submitted, "submit"),
        (ApplicationStatus.Submitted, ApplicationStatus.RevisionRequested, "request-revision"),
        (ApplicationStatus.Resubmitted, ApplicationStatus.RevisionRequested, "request-revision"),
        (ApplicationStatus.RevisionRequested, ApplicationStatus.Resubmitted, "resubmit"),
        (ApplicationStatus.Submitted, ApplicationStatus.Ready, "mark-ready"),
        (ApplicationStatus.Resubmitted, ApplicationStatus.Ready, "mark-ready"),
        (ApplicationStatus.Ready, ApplicationStatus.RevisionRequested, "request-revision"),
        (ApplicationStatus.Ready, ApplicationStatus.Verified, "verify"),
        (ApplicationStatus.Verified, ApplicationStatus.Scheduled, "schedule"),
        (ApplicationStatus.Scheduled, ApplicationStatus.Verified, "unschedule"),
        (ApplicationStatus.Scheduled, ApplicationStatus.Certified, "result-competent"),
        (ApplicationStatus.Scheduled, ApplicationStatus.NotYetCompetent, "result-not-yet"),
        (ApplicationStatus.NotYetCompetent, ApplicationStatus.Draft, "prepare-resit"),
        .. Withdrawable.Select(s => (s, ApplicationStatus.Withdrawn, "withdraw")),
    ];

    public bool CanDo(string action) => Transitions.Any(t => t.From == Status && t.Action == action);

    public void Submit(string actor, DateTimeOffset at)
    {
        Move("submit", actor, at, null);
        SubmittedAt = at;
    }

    public void RequestRevision(string mentor, DateTimeOffset at, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new TransitionRefused("Tuliskan apa yang perlu direvisi agar kandidat tahu yang harus diperbaiki.");
        Move("request-revision", mentor, at, reason);
    }

    public void Resubmit(string actor, DateTimeOffset at) => Move("resubmit", actor, at, null);

    public void MarkReady(string mentor, DateTimeOffset at)
    {
        Move("mark-ready", mentor, at, null);
        ReadyAt = at;
    }

    public void Verify(string admin, DateTimeOffset at)
    {
        Move("verify", admin, at, null);
        VerifiedAt = at;
    }

    public void Schedule(int eventId, string admin, DateTimeOffset at)
    {
        Move("schedule", admin, at, null);
        AssessmentEventId = eventId;
    }

    public void Unschedule(string admin, DateTimeOffset at, string reason)
    {
        Move("unschedule", admin, at, reason);
        AssessmentEventId = null;
    }

    public void RecordResult(bool competent, string actor, DateTimeOffset at) =>
        Move(competent ? "result-competent" : "result-not-yet", actor, at, null);

    public void PrepareResit(string actor, DateTimeOffset at)
    {
        Move("prepare-resit", actor, at, null);
        Attempt++;
        AssessmentEventId = null;
        SubmittedAt = ReadyAt = VerifiedAt = null;
    }

    public void Withdraw(string actor, DateTimeOffset at, string reason)
    {
        if (Status == ApplicationStatus.Scheduled)
            throw new TransitionRefused("Pengunduran diri tidak dapat dilakukan setelah dijadwalkan uji kompetensi; minta admin membatalkan jadwal terlebih dahulu.");
        if (string.IsNullOrWhiteSpace(reason)) throw new TransitionRefused("Tuliskan alasan pengunduran diri.");
        Move("withdraw", actor, at, reason);
    }

    private void Move(string action, string actor, DateTimeOffset at, string? reason)
    {
        var transition = Transitions.FirstOrDefault(t => t.From == Status && t.Action == action);
        if (transition == default)
        {
            throw new TransitionRefused($"Langkah \"{ActionLabel(action)}\" tidak dapat dilakukan saat status {Registry.RegistryLists.Display(Status)}.");
        }
        History.Add(new ApplicationEvent { From = Status, To = transition.To, Action = action, Actor = actor, At = at, Reason = reason?.Trim() });
        Status = transition.To;
    }

    public static string ActionLabel(string action) => action switch
    {
        "submit" => "ajukan ke pendamping",
        "request-revision" => "minta revisi",
        "resubmit" => "ajukan ulang",
        "mark-ready" => "tandai siap",
        "verify" => "verifikasi",
        "schedule" => "jadwalkan uji kompetensi",
        "unschedule" => "batalkan jadwal",
        "result-competent" => "catat hasil Kompeten",
        "result-not-yet" => "catat hasil Belum Kompeten",
        "prepare-resit" => "siapkan uji ulang",
        "withdraw" => "mengundurkan diri",
        _ => action,
    };
}

/// <summary>One step of an application's history: who moved it, when, from where to where, and why.</summary>
public class ApplicationEvent
{
    public long Id { get; set; }
    public int ApplicationId { get; set; }
    public ApplicationStatus From { get; set; }
    public ApplicationStatus To { get; set; }
    public required string Action { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
}

/// <summary>FR.APL.02: the candidate's claim for one unit (optionally one element) with evidence.</summary>
public class UnitClaim
{
    public int Id { get; set; }
    public int ApplicationId { get; set; }
    public int UnitId { get; set; }
    public int? ElementId { get; set; }

    /// <summary>true: "Saya kompeten"; false: "Belum".</summary>
    public bool Competent { get; set; }

    /// <summary>Evidence documents (portfolio ids) this claim points at.</summary>
    public List<int> EvidenceDocumentIds { get; set; } = [];
    public string? Note { get; set; }
}
