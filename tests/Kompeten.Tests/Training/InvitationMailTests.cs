using System.Collections.Concurrent;
using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kompeten.Tests.Training;

public sealed class MailboxFactory : TrainingFactory
{
    public ConcurrentQueue<(string To, string Subject, string Body)> Sent { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.RemoveAll<IEmailSender>();
            s.AddSingleton<IEmailSender>(new Mailbox(Sent));
        });
    }

    private sealed class Mailbox(ConcurrentQueue<(string, string, string)> sent) : IEmailSender
    {
        public Task SendAsync(string to, string subject, string htmlBody, CancellationToken ct = default)
        {
            sent.Enqueue((to, subject, htmlBody));
            return Task.CompletedTask;
        }
    }
}

/// <summary>Invitations by e-mail, and the waiting-list offer mail.</summary>
public class InvitationMailTests(MailboxFactory app) : IClassFixture<MailboxFactory>
{
    [Fact]
    public async Task Participants_with_an_address_get_their_invitation_and_code_and_an_offer_is_mailed()
    {
        var batch = await app.AddBatchAsync(capacity: 1, pool: 1);
        var people = await app.AddPeopleAsync("63.06", 2, "Nurul Hidayah");
        await app.WithDbAsync(db => db.People.Where(p => people.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Email, p => "peserta" + p.Id + "@contoh.id")));
        var first = await app.SeatsAsync(s => s.SelfRegisterAsync(batch, people[0]));
        await app.SeatsAsync(s => s.SelfRegisterAsync(batch, people[1]));
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Training/Batches/{batch}/Documents";

        (await admin.PostFormAsync(url + "?handler=Mail", [], url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var token = await app.WithDbAsync(db => db.Participants.Where(p => p.Id == first.ParticipantId).Select(p => p.QrToken).SingleAsync());
        var invitation = app.Sent.ShouldHaveSingleItem();
        invitation.To.ShouldBe($"peserta{people[0]}@contoh.id");
        invitation.Body.ShouldContain(token);

        await app.SeatsAsync(s => s.EndParticipationAsync(first.ParticipantId!.Value, Web.Features.Training.ParticipantStatus.Withdrawn, null, TrainingFactory.Province));
        app.Sent.Count.ShouldBe(2);
        app.Sent.Last().To.ShouldBe($"peserta{people[1]}@contoh.id");
        app.Sent.Last().Subject.ShouldStartWith("Tawaran kursi");
    }
}
