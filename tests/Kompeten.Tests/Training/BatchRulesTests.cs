using Kompeten.Web.Features.Training;

namespace Kompeten.Tests.Training;

/// <summary>The seat and waiting-list rules on the entities, without a database.</summary>
public class BatchRulesTests
{
    private static Batch NewBatch(int capacity = 10, int pool = 0) => new() { ProvinceCode = "63", Venue = "Aula", Capacity = capacity, PoolSeats = pool, Status = BatchStatus.Open };

    [Fact]
    public void A_regency_fills_its_quota_and_no_more()
    {
        var batch = NewBatch();
        var quota = new BatchQuota { RegencyCode = "63.01", Seats = 2 };
        batch.TakeQuotaSeat(quota).ShouldBe(SeatOutcome.Taken);
        batch.TakeQuotaSeat(quota).ShouldBe(SeatOutcome.Taken);
        batch.TakeQuotaSeat(quota).ShouldBe(SeatOutcome.QuotaFull);
        batch.TakeQuotaSeat(null).ShouldBe(SeatOutcome.NoQuota);
        (batch.SeatsTaken, quota.Taken).ShouldBe((2, 2));
    }

    [Fact]
    public void The_batch_capacity_binds_even_when_a_quota_has_room()
    {
        var batch = NewBatch(capacity: 1);
        var quota = new BatchQuota { RegencyCode = "63.01", Seats = 5 };
        batch.TakeQuotaSeat(quota).ShouldBe(SeatOutcome.Taken);
        batch.TakeQuotaSeat(quota).ShouldBe(SeatOutcome.BatchFull);
        quota.Taken.ShouldBe(1);
    }

    [Fact]
    public void The_pool_has_its_own_count()
    {
        var batch = NewBatch(capacity: 10, pool: 1);
        batch.TakePoolSeat().ShouldBe(SeatOutcome.Taken);
        batch.TakePoolSeat().ShouldBe(SeatOutcome.PoolFull);
        batch.FreePoolSeats.ShouldBe(0);
        batch.FreeSeats.ShouldBe(9);
    }

    [Fact]
    public void At_the_deadline_unused_regency_seats_move_to_the_pool_once()
    {
        var batch = NewBatch(capacity: 10, pool: 2);
        var a = new BatchQuota { RegencyCode = "63.01", Seats = 4, Taken = 3 };
        var b = new BatchQuota { RegencyCode = "63.02", Seats = 4, Taken = 0 };
        batch.SeatsTaken = 3;
        var now = DateTimeOffset.UtcNow;
        batch.ReleaseQuotas([a, b], now).ShouldBe(5);
        (a.Seats, a.Released, b.Seats, b.Released).ShouldBe((3, 1, 0, 4));
        batch.PoolSeats.ShouldBe(7);
        batch.QuotasReleasedAt.ShouldBe(now);
        batch.ReleaseQuotas([a, b], now).ShouldBe(0);
        batch.PoolSeats.ShouldBe(7);
    }

    [Fact]
    public void A_returned_regency_seat_stays_with_the_regency_before_the_deadline_and_joins_the_pool_after()
    {
        var batch = NewBatch(capacity: 10);
        var quota = new BatchQuota { RegencyCode = "63.01", Seats = 2 };
        batch.TakeQuotaSeat(quota);
        batch.TakeQuotaSeat(quota);
        batch.ReturnSeat(quota);
        (quota.Seats, quota.Taken, batch.PoolSeats).ShouldBe((2, 1, 0));

        batch.ReleaseQuotas([quota], DateTimeOffset.UtcNow);
        (quota.Seats, batch.PoolSeats).ShouldBe((1, 1));
        batch.ReturnSeat(quota);
        (quota.Seats, quota.Taken, quota.Released, batch.PoolSeats, batch.SeatsTaken).ShouldBe((0, 0, 2, 2, 0));
    }

    [Fact]
    public void A_seat_plan_larger_than_the_capacity_is_explained()
    {
        var batch = NewBatch(capacity: 10, pool: 3);
        var problems = batch.SeatPlanProblems([new BatchQuota { RegencyCode = "63.01", Seats = 8 }]).ToList();
        problems.ShouldHaveSingleItem().ShouldContain("melebihi kapasitas (10)");
        batch.SeatPlanProblems([new BatchQuota { RegencyCode = "63.01", Seats = 7 }]).ShouldBeEmpty();
    }

    [Fact]
    public void An_offer_expires_exactly_at_its_deadline_and_gives_its_seat_back()
    {
        var now = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        var entry = new WaitlistEntry { RegencyCode = "63.01", ProvinceCode = "63" };
        entry.Offer(now, TimeSpan.FromHours(48));
        entry.OfferExpired(now.AddHours(47).AddMinutes(59)).ShouldBeFalse();
        entry.OfferExpired(now.AddHours(48)).ShouldBeTrue();
        entry.Close(WaitlistStatus.Expired, now.AddHours(48)).ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => entry.Offer(now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Leaving_the_list_while_waiting_holds_no_seat()
    {
        var entry = new WaitlistEntry { RegencyCode = "63.01", ProvinceCode = "63" };
        entry.Close(WaitlistStatus.Left, DateTimeOffset.UtcNow).ShouldBeFalse();
        entry.IsOpen.ShouldBeFalse();
    }

    [Fact]
    public void Accepting_an_offer_keeps_its_seat()
    {
        var entry = new WaitlistEntry { RegencyCode = "63.01", ProvinceCode = "63" };
        entry.Offer(DateTimeOffset.UtcNow, TimeSpan.FromHours(48));
        entry.Close(WaitlistStatus.Accepted, DateTimeOffset.UtcNow).ShouldBeFalse();
    }

    [Fact]
    public void A_participant_leaves_once()
    {
        var p = new Participant { RegencyCode = "63.01", ProvinceCode = "63", QrToken = "P1", Status = ParticipantStatus.Approved };
        p.Leave(ParticipantStatus.Withdrawn, "sakit", DateTimeOffset.UtcNow).ShouldBeNull();
        p.Leave(ParticipantStatus.Withdrawn, "lagi", DateTimeOffset.UtcNow).ShouldNotBeNull();
        p.Approve(DateTimeOffset.UtcNow).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(1, "I")]
    [InlineData(2, "II")]
    [InlineData(4, "IV")]
    [InlineData(9, "IX")]
    [InlineData(14, "XIV")]
    public void Batches_are_numbered_in_roman_numerals(int number, string name) =>
        new Batch { ProvinceCode = "63", Venue = "x", Number = number }.Name.ShouldBe($"Angkatan {name}");

    [Theory]
    [InlineData("PABCD23456789", "PABCD23456789")]
    [InlineData(" pabcd-2345-6789 ", "PABCD23456789")]
    [InlineData("https://kompeten.example/t/p/PABCD23456789", "PABCD23456789")]
    [InlineData("", null)]
    public void Scanned_codes_are_read_as_tokens(string code, string? token) => AttendanceBook.NormalizeCode(code).ShouldBe(token);
}
