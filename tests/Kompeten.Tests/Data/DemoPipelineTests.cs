using System.Net;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Certification;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Data;

public class DemoPipelineTests(DemoLoadedFactory app) : IClassFixture<DemoLoadedFactory>
{
    [Fact]
    public async Task The_demo_has_applications_at_every_open_stage_and_the_demo_mentor_has_candidates()
    {
        var stages = await app.WithDbAsync(db => db.Applications.Where(a => a.ProvinceCode == "63").Select(a => a.Status).Distinct().ToListAsync());
        foreach (var s in new[] { ApplicationStatus.Draft, ApplicationStatus.Submitted, ApplicationStatus.RevisionRequested, ApplicationStatus.Ready, ApplicationStatus.Verified })
        {
            stages.ShouldContain(s);
        }
        var mentor = app.FirstLoad.Accounts.Single(a => a.Role == Web.Features.Account.Roles.Pendamping);
        var mentorId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == mentor.Email).Select(u => u.Id).SingleAsync());
        (await app.WithDbAsync(db => db.Applications.CountAsync(a => a.MentorUserId == mentorId))).ShouldBeGreaterThan(0);
        (await app.WithDbAsync(db => db.Mentors.CountAsync(m => m.UserId == mentorId))).ShouldBe(1);

        var client = await app.SignInAsync(mentor.Email, mentor.Password!);
        (await client.GetAsync("/Certification/Mentor")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
