using Kompeten.Web.Features.Certification;
using App = Kompeten.Web.Features.Certification.Application;

namespace Kompeten.Tests.Certification;

public class ApplicationStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static App At(ApplicationStatus status)
    {
        var a = new App { RegencyCode = "63.01", ProvinceCode = "63" };
        // Walk the happy path to the wanted status, so every test starts from a reachable state.
        void Do(Action step) { if (a.Status != status) step(); }
        Do(() => a.Submit("kandidat", T0));
        if (status is ApplicationStatus.RevisionRequested or ApplicationStatus.Resubmitted)
        {
            a.RequestRevision("mentor", T0, "Foto harus latar merah");
            if (status == ApplicationStatus.Resubmitted) a.Resubmit("kandidat", T0);
            return a;
        }
        if (status == ApplicationStatus.Withdrawn) { a.Withdraw("kandidat", T0, "Pindah tugas"); return a; }
        Do(() => a.MarkReady("mentor", T0));
        Do(() => a.Verify("admin", T0));
        Do(() => a.Schedule(7, "admin", T0));
        if (status is ApplicationStatus.Certified or ApplicationStatus.NotYetCompetent) a.RecordResult(status == ApplicationStatus.Certified, "admin", T0);
        a.Status.ShouldBe(status);
        return a;
    }

    private static readonly Dictionary<string, Action<App>> Actions = new()
    {
        ["submit"] = a => a.Submit("x", T0),
        ["request-revision"] = a => a.RequestRevision("x", T0, "alasan"),
        ["resubmit"] = a => a.Resubmit("x", T0),
        ["mark-ready"] = a => a.MarkReady("x", T0),
        ["verify"] = a => a.Verify("x", T0),
        ["schedule"] = a => a.Schedule(1, "x", T0),
        ["unschedule"] = a => a.Unschedule("x", T0, "alasan"),
        ["result-competent"] = a => a.RecordResult(true, "x", T0),
        ["result-not-yet"] = a => a.RecordResult(false, "x", T0),
        ["prepare-resit"] = a => a.PrepareResit("x", T0),
        ["withdraw"] = a => a.Withdraw("x", T0, "alasan"),
    };

    public static IEnumerable<object[]> EveryStatusAndAction() =>
        from s in Enum.GetValues<ApplicationStatus>() from action in Actions.Keys select new object[] { s, action };

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public void Every_action_in_every_status_is_either_a_legal_move_or_refused_with_a_reason(ApplicationStatus status, string action)
    {
        var app = At(status);
        var historyBefore = app.History.Count;
        var legal = App.Transitions.FirstOrDefault(t => t.From == status && t.Action == action);
        if (legal != default)
        {
            Actions[action](app);
            app.Status.ShouldBe(legal.To);
            app.History.Count.ShouldBe(historyBefore + 1);
            var step = app.History[^1];
            (step.From, step.To, step.Action, step.Actor).ShouldBe((status, legal.To, action, "x"));
        }
        else
        {
            var refused = Should.Throw<TransitionRefused>(() => Actions[action](app));
            refused.Message.ShouldNotBeNullOrWhiteSpace();
            app.Status.ShouldBe(status);
            app.History.Count.ShouldBe(historyBefore);
        }
    }

    [Fact]
    public void The_full_journey_with_one_revision_and_a_resit_is_recorded_step_by_step()
    {
        var a = new App { RegencyCode = "63.01", ProvinceCode = "63" };
        a.Submit("kandidat", T0);
        a.RequestRevision("mentor", T0.AddDays(1), "Unggah ijazah yang terbaca");
        a.Resubmit("kandidat", T0.AddDays(2));
        a.MarkReady("mentor", T0.AddDays(3));
        a.Verify("admin", T0.AddDays(4));
        a.Schedule(3, "admin", T0.AddDays(5));
        a.RecordResult(false, "admin", T0.AddDays(30));
        a.PrepareResit("kandidat", T0.AddDays(31));
        a.Status.ShouldBe(ApplicationStatus.Draft);
        a.Attempt.ShouldBe(2);
        a.AssessmentEventId.ShouldBeNull();
        a.History.Select(h => h.To).ShouldBe([
            ApplicationStatus.Submitted, ApplicationStatus.RevisionRequested, ApplicationStatus.Resubmitted, ApplicationStatus.Ready,
            ApplicationStatus.Verified, ApplicationStatus.Scheduled, ApplicationStatus.NotYetCompetent, ApplicationStatus.Draft]);
        a.History[1].Reason.ShouldBe("Unggah ijazah yang terbaca");
    }

    [Fact]
    public void A_revision_request_needs_a_reason() =>
        Should.Throw<TransitionRefused>(() => At(ApplicationStatus.Submitted).RequestRevision("mentor", T0, "  ")).Message.ShouldContain("perlu direvisi");

    [Fact]
    public void Withdrawal_after_scheduling_is_refused_with_what_to_do() =>
        Should.Throw<TransitionRefused>(() => At(ApplicationStatus.Scheduled).Withdraw("kandidat", T0, "sakit")).Message.ShouldContain("membatalkan jadwal");

    [Fact]
    public void Illegal_moves_name_the_step_and_the_status() =>
        Should.Throw<TransitionRefused>(() => At(ApplicationStatus.Draft).Verify("admin", T0)).Message.ShouldBe("Langkah \"verifikasi\" tidak dapat dilakukan saat status Draf.");
}
