using Kompeten.Web.Features.Training;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Training;

/// <summary>Quota, pool release and waiting-list rules through <see cref="BatchSeats"/> on a real database.</summary>
public class SeatRulesTests(TrainingFactory app) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task An_operator_nominates_within_the_regency_quota_and_no_further()
    {
        var batch = await app.AddBatchAsync(capacity: 10, quotas: new() { ["63.01"] = 2 });
        var people = await app.AddPeopleAsync("63.01", 3);
        var op = TrainingFactory.Regency("63.01");

        (await app.SeatsAsync(s => s.NominateAsync(batch, people[0], op))).Kind.ShouldBe(SeatResultKind.Admitted);
        (await app.SeatsAsync(s => s.NominateAsync(batch, people[1], op))).Kind.ShouldBe(SeatResultKind.Admitted);
        var third = await app.SeatsAsync(s => s.NominateAsync(batch, people[2], op));
        third.Kind.ShouldBe(SeatResultKind.Full);
        third.Message.ShouldContain("Kuota 63.01");
        third.Message.ShouldContain("daftar tunggu");

        var b = await app.BatchAsync(batch);
        (b.SeatsTaken, b.Quotas.Single().Taken).ShouldBe((2, 2));
    }

    [Fact]
    public async Task A_person_is_nominated_once()
    {
        var batch = await app.AddBatchAsync(quotas: new() { ["63.01"] = 5 });
        var person = (await app.AddPeopleAsync("63.01", 1))[0];
        var op = TrainingFactory.Regency("63.01");
        (await app.SeatsAsync(s => s.NominateAsync(batch, person, op))).Kind.ShouldBe(SeatResultKind.Admitted);
        (await app.SeatsAsync(s => s.NominateAsync(batch, person, op))).Kind.ShouldBe(SeatResultKind.AlreadyRegistered);
        (await app.BatchAsync(batch)).SeatsTaken.ShouldBe(1);
    }

    [Fact]
    public async Task A_nomination_is_audited_like_any_other_new_record()
    {
        var batch = await app.AddBatchAsync(quotas: new() { ["63.01"] = 5 });
        var person = (await app.AddPeopleAsync("63.01", 1))[0];
        var result = await app.SeatsAsync(s => s.NominateAsync(batch, person, TrainingFactory.Regency("63.01")));
        result.Kind.ShouldBe(SeatResultKind.Admitted);

        var participant = await app.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.Id == result.ParticipantId));
        (participant.BatchId, participant.PersonId, participant.SeatRegencyCode, participant.Status, participant.Source)
            .ShouldBe((batch, person, "63.01", ParticipantStatus.Nominated, ParticipantSource.Nominated));
        participant.QrToken.Length.ShouldBeGreaterThan(10);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == nameof(Participant) && a.EntityId == result.ParticipantId.ToString()));
        audit.Action.ShouldBe("create");
        audit.UserName.ShouldBe("sistem");
        audit.Changes.ShouldNotBeNull();
        using var changes = System.Text.Json.JsonDocument.Parse(audit.Changes);
        changes.RootElement.GetProperty("PersonId")[1].GetInt32().ShouldBe(person);
        changes.RootElement.GetProperty("SeatRegencyCode")[1].GetString().ShouldBe("63.01");
        changes.RootElement.GetProperty("QrToken")[1].GetString().ShouldBe(participant.QrToken);
        changes.RootElement.TryGetProperty("Id", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task An_operator_cannot_nominate_someone_of_another_regency()
    {
        var batch = await app.AddBatchAsync(quotas: new() { ["63.01"] = 5, ["63.02"] = 5 });
        var other = (await app.AddPeopleAsync("63.02", 1))[0];
        var result = await app.SeatsAsync(s => s.NominateAsync(batch, other, TrainingFactory.Regency("63.01")));
        result.Kind.ShouldBe(SeatResultKind.NotFound);
        (await app.BatchAsync(batch)).SeatsTaken.ShouldBe(0);
    }

    [Fact]
    public async Task A_regency_without_a_quota_is_told_so()
    {
        var batch = await app.AddBatchAsync(quotas: new() { ["63.01"] = 5 });
        var person = (await app.AddPeopleAsync("63.03", 1))[0];
        var result = await app.SeatsAsync(s => s.NominateAsync(batch, person, TrainingFactory.Regency("63.03")));
        result.Kind.ShouldBe(SeatResultKind.Full);
        result.Message.ShouldContain("tidak mendapat kuota");
    }

    [Fact]
    public async Task A_declined_seat_returns_to_the_regency_before_the_deadline()
    {
        var batch = await app.AddBatchAsync(quotas: new() { ["63.01"] = 1 });
        var people = await app.AddPeopleAsync("63.01", 2);
        var op = TrainingFactory.Regency("63.01");
        var first = await app.SeatsAsync(s => s.NominateAsync(batch, people[0], op));
        (await app.SeatsAsync(s => s.NominateAsync(batch, people[1], op))).Kind.ShouldBe(SeatResultKind.Full);

        (await app.SeatsAsync(s => s.EndParticipationAsync(first.ParticipantId!.Value, ParticipantStatus.Declined, null, TrainingFactory.Province)))
            .Kind.ShouldBe(SeatResultKind.Invalid, "declining needs a reason");
        (await app.SeatsAsync(s => s.EndParticipationAsync(first.ParticipantId!.Value, ParticipantStatus.Declined, "Bukan tenaga perpustakaan", TrainingFactory.Province)))
            .Kind.ShouldBe(SeatResultKind.Done);
        (await app.SeatsAsync(s => s.NominateAsync(batch, people[1], op))).Kind.ShouldBe(SeatResultKind.Admitted);
    }

    [Fact]
    public async Task The_administrator_approves_a_nomination()
    {
        var batch = await app.AddBatchAsync(quotas: new() { ["63.01"] = 1 });
        var person = (await app.AddPeopleAsync("63.01", 1))[0];
        var nominated = await app.SeatsAsync(s => s.NominateAsync(batch, person, TrainingFactory.Regency("63.01")));
        (await app.SeatsAsync(s => s.ApproveAsync(nominated.ParticipantId!.Value, TrainingFactory.Regency("63.02")))).Kind.ShouldBe(SeatResultKind.NotFound);
        (await app.SeatsAsync(s => s.ApproveAsync(nominated.ParticipantId!.Value, TrainingFactory.Province))).Kind.ShouldBe(SeatResultKind.Done);
        var status = await app.WithDbAsync(db => db.Participants.Where(p => p.Id == nominated.ParticipantId).Select(p => p.Status).SingleAsync());
        status.ShouldBe(ParticipantStatus.Approved);
    }

    [Fact]
    public async Task Self_registration_is_accepted_only_while_the_window_is_open()
    {
        var batch = await app.AddBatchAsync(pool: 5);
        var person = (await app.AddPeopleAsync("63.04", 1))[0];
        await app.WithDbAsync(db => db.Batches.Where(b => b.Id == batch).ExecuteUpdateAsync(s => s.SetProperty(b => b.RegistrationClosesAt, app.Clock.GetUtcNow().AddMinutes(-1))));
        var closed = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, person));
        closed.Kind.ShouldBe(SeatResultKind.Closed);
        closed.Message.ShouldContain("sudah ditutup");

        await app.WithDbAsync(db => db.Batches.Where(b => b.Id == batch).ExecuteUpdateAsync(s => s.SetProperty(b => b.RegistrationClosesAt, app.Clock.GetUtcNow().AddDays(1))));
        var open = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, person));
        open.Kind.ShouldBe(SeatResultKind.Admitted);
        var status = await app.WithDbAsync(db => db.Participants.Where(p => p.Id == open.ParticipantId).Select(p => new { p.Status, p.SeatRegencyCode }).SingleAsync());
        status.Status.ShouldBe(ParticipantStatus.PendingApproval);
        status.SeatRegencyCode.ShouldBeNull();
    }

    [Fact]
    public async Task At_the_nomination_deadline_unused_seats_go_to_the_pool_and_the_waiting_list()
    {
        var batch = await app.AddBatchAsync(capacity: 10, pool: 0, quotas: new() { ["63.01"] = 3, ["63.02"] = 2 }, deadlineIn: TimeSpan.FromDays(2));
        var op1 = (await app.AddPeopleAsync("63.01", 2));
        await app.SeatsAsync(s => s.NominateAsync(batch, op1[0], TrainingFactory.Regency("63.01")));
        var walkIns = await app.AddPeopleAsync("63.05", 5);
        foreach (var p in walkIns)
        {
            (await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p))).Kind.ShouldBe(SeatResultKind.Waitlisted);
        }

        (await app.SeatsAsync(s => s.CatchUpAsync(batch))).AnythingHappened.ShouldBeFalse("the deadline has not passed");
        app.Clock.Advance(TimeSpan.FromDays(2));
        var late = await app.SeatsAsync(s => s.NominateAsync(batch, op1[1], TrainingFactory.Regency("63.01")));
        late.Kind.ShouldBe(SeatResultKind.Closed);
        late.Message.ShouldContain("Masa pengusulan");

        var caught = await app.SeatsAsync(s => s.CatchUpAsync(batch));
        caught.ReleasedSeats.ShouldBe(4);
        caught.NewOffers.ShouldBe(4);
        var b = await app.BatchAsync(batch);
        (b.PoolSeats, b.PoolTaken, b.SeatsTaken).ShouldBe((4, 4, 5));
        b.Quotas.Single(q => q.RegencyCode == "63.01").Seats.ShouldBe(1);
        var states = await app.WithDbAsync(db => db.WaitlistEntries.Where(w => w.BatchId == batch).OrderBy(w => w.SortKey).ThenBy(w => w.Id).Select(w => w.Status).ToListAsync());
        states.ShouldBe([WaitlistStatus.Offered, WaitlistStatus.Offered, WaitlistStatus.Offered, WaitlistStatus.Offered, WaitlistStatus.Waiting]);
    }

    [Fact]
    public async Task The_waiting_list_is_first_come_first_served_and_an_expired_offer_passes_on()
    {
        var batch = await app.AddBatchAsync(capacity: 2, pool: 2);
        var p = await app.AddPeopleAsync("63.06", 5);
        var a = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[0]));
        await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[1]));
        var c = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[2]));
        var d = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[3]));
        var e = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[4]));
        (c.Position, d.Position, e.Position).ShouldBe((1, 2, 3));
        c.Message.ShouldContain("urutan 1");

        await app.SeatsAsync(s => s.EndParticipationAsync(a.ParticipantId!.Value, ParticipantStatus.Withdrawn, "Tugas dinas", TrainingFactory.Province));
        (await StatusAsync(c)).ShouldBe(WaitlistStatus.Offered);
        (await app.SeatsAsync(s => s.PositionAsync(d.WaitlistEntryId!.Value))).ShouldBe(1);

        app.Clock.Advance(TimeSpan.FromHours(47));
        (await app.SeatsAsync(s => s.CatchUpAsync(batch))).AnythingHappened.ShouldBeFalse();
        app.Clock.Advance(TimeSpan.FromHours(1));
        var caught = await app.SeatsAsync(s => s.CatchUpAsync(batch));
        (caught.ExpiredOffers, caught.NewOffers).ShouldBe((1, 1));
        (await StatusAsync(c)).ShouldBe(WaitlistStatus.Expired);
        (await StatusAsync(d)).ShouldBe(WaitlistStatus.Offered);

        (await app.SeatsAsync(s => s.LeaveWaitlistAsync(d.WaitlistEntryId!.Value, "Sudah ikut angkatan lain", TrainingFactory.Province))).Kind.ShouldBe(SeatResultKind.Done);
        (await StatusAsync(d)).ShouldBe(WaitlistStatus.Declined);
        (await StatusAsync(e)).ShouldBe(WaitlistStatus.Offered);

        var accepted = await app.SeatsAsync(s => s.AcceptOfferAsync(e.WaitlistEntryId!.Value, TrainingFactory.Regency("63.06")));
        accepted.Kind.ShouldBe(SeatResultKind.Admitted);
        var b = await app.BatchAsync(batch);
        (b.SeatsTaken, b.PoolTaken).ShouldBe((2, 2));
        var active = await app.WithDbAsync(db => db.Participants.CountAsync(x => x.BatchId == batch && Participant.ActiveStatuses.Contains(x.Status)));
        active.ShouldBe(2);
    }

    [Fact]
    public async Task An_expired_offer_cannot_be_accepted()
    {
        var batch = await app.AddBatchAsync(capacity: 1, pool: 1);
        var p = await app.AddPeopleAsync("63.07", 3);
        var first = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[0]));
        var second = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[1]));
        var third = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[2]));
        await app.SeatsAsync(s => s.EndParticipationAsync(first.ParticipantId!.Value, ParticipantStatus.Withdrawn, null, TrainingFactory.Province));
        app.Clock.Advance(TimeSpan.FromHours(49));

        var late = await app.SeatsAsync(s => s.AcceptOfferAsync(second.WaitlistEntryId!.Value, TrainingFactory.Province));
        late.Kind.ShouldBe(SeatResultKind.Closed);
        late.Message.ShouldContain("kedaluwarsa");
        (await StatusAsync(third)).ShouldBe(WaitlistStatus.Offered);
        (await app.BatchAsync(batch)).SeatsTaken.ShouldBe(1);
    }

    [Fact]
    public async Task A_manual_move_needs_a_reason_and_is_audited()
    {
        var batch = await app.AddBatchAsync(capacity: 1, pool: 1);
        var p = await app.AddPeopleAsync("63.08", 4);
        await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[0]));
        var x = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[1]));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var y = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[2]));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var z = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, p[3]));

        (await app.SeatsAsync(s => s.MoveAsync(z.WaitlistEntryId!.Value, 1, "", TrainingFactory.Province))).Kind.ShouldBe(SeatResultKind.Invalid);
        (await app.SeatsAsync(s => s.MoveAsync(z.WaitlistEntryId!.Value, 1, "Prioritas pustakawan sekolah", TrainingFactory.Regency("63.08")))).Kind.ShouldBe(SeatResultKind.NotAllowed);
        var moved = await app.SeatsAsync(s => s.MoveAsync(z.WaitlistEntryId!.Value, 1, "Prioritas pustakawan sekolah", TrainingFactory.Province));
        moved.Position.ShouldBe(1);

        var order = await app.WithDbAsync(db => db.WaitlistEntries.Where(w => w.BatchId == batch && w.Status == WaitlistStatus.Waiting)
            .OrderBy(w => w.SortKey).ThenBy(w => w.Id).Select(w => w.Id).ToListAsync());
        order.ShouldBe([z.WaitlistEntryId!.Value, x.WaitlistEntryId!.Value, y.WaitlistEntryId!.Value]);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(WaitlistEntry) && a.EntityId == z.WaitlistEntryId.ToString() && a.Action == "update").ToListAsync());
        audit.ShouldContain(a => a.Reason == "Prioritas pustakawan sekolah" && a.Changes!.Contains("SortKey"));

        // Between two neighbours, too.
        (await app.SeatsAsync(s => s.MoveAsync(y.WaitlistEntryId!.Value, 2, "Berkas lengkap lebih dulu", TrainingFactory.Province))).Position.ShouldBe(2);
        (await app.SeatsAsync(s => s.PositionAsync(x.WaitlistEntryId!.Value))).ShouldBe(3);
    }

    private Task<WaitlistStatus> StatusAsync(SeatResult r) =>
        app.WithDbAsync(db => db.WaitlistEntries.Where(w => w.Id == r.WaitlistEntryId).Select(w => w.Status).SingleAsync());
}
