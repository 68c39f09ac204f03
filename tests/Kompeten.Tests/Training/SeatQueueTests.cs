using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Hosting;

namespace Kompeten.Tests.Training;

/// <summary>Seat requests beyond the admission limit and its queue are refused with a 429 that says why, and never oversell.</summary>
public class SeatQueueTests(SeatQueueTests.TightFactory app) : IClassFixture<SeatQueueTests.TightFactory>
{
    /// <summary>One seat request at a time and no queue, so that a burst overflows.</summary>
    public sealed class TightFactory : TrainingFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Kompeten:Training:SeatRequestConcurrency", "1");
            builder.UseSetting("Kompeten:Training:SeatRequestQueue", "0");
        }
    }

    [Fact]
    public async Task A_burst_beyond_the_queue_gets_429_with_the_reason_and_seats_stay_exact()
    {
        var batch = await app.AddBatchAsync(capacity: 10, quotas: new() { ["63.01"] = 5 });
        var people = await app.AddPeopleAsync("63.01", 60);
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var answers = await Task.WhenAll(people.Select(p => client.PostAsJsonAsync($"/api/v1/training/batches/{batch}/participants", new { personId = p })));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.Conflict || a.StatusCode == HttpStatusCode.TooManyRequests);
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        refused.ShouldNotBeEmpty("60 simultaneous requests against one permit and no queue must overflow");
        using var problem = JsonDocument.Parse(await refused[0].Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("antrean penuh");

        var admitted = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        admitted.ShouldBeLessThanOrEqualTo(5);
        (await app.BatchAsync(batch)).SeatsTaken.ShouldBe(admitted);
    }
}
