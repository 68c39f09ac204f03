using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kompeten.Tests.Account;

public class InvitationTests(AccountFactory app) : IClassFixture<AccountFactory>
{
    private const string Chosen = "pilihan-sendiri-2026";

    private async Task<(HttpClient Admin, string Email)> InviteAsync(string email, string role = Roles.Operator, string province = "63", string regency = "63.10")
    {
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var response = await admin.PostFormAsync("/Admin/Users/Create", new()
        {
            ["Input.FullName"] = "Nor Aida",
            ["Email"] = email,
            ["Input.Role"] = role,
            ["Input.ProvinceCode"] = province,
            ["Input.RegencyCode"] = regency,
        });
        response.ShouldBeRedirectTo("/Admin/Users/Edit/");
        return (admin, email);
    }

    [Fact]
    public async Task An_invited_person_sets_a_password_through_the_link_and_is_signed_in()
    {
        var (_, email) = await InviteAsync("undangan.baru@uji.kompeten.id");
        var mail = await app.Mail.WaitForAsync(email);
        mail.Subject.ShouldBe("Undangan akun Kompeten");
        mail.HtmlBody.ShouldContain("Kabupaten Tanah Bumbu");
        var link = mail.RelativeLinkTo("/Account/AcceptInvitation");
        var invitee = app.CreateClient(new() { AllowAutoRedirect = false });

        var form = await invitee.GetAsync(link);
        (await form.Content.ReadAsStringAsync()).ShouldContain(email);
        var accepted = await invitee.PostFormAsync(link, new() { ["Input.NewPassword"] = Chosen, ["Input.ConfirmPassword"] = Chosen });

        accepted.ShouldBeRedirectTo("/");
        (await invitee.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CreateClient(new() { AllowAutoRedirect = false }).SignInAttemptAsync(email, Chosen)).ShouldBeRedirectTo("/");
    }

    [Fact]
    public async Task The_invitation_link_is_refused_once_used()
    {
        var (_, email) = await InviteAsync("undangan.sekali@uji.kompeten.id");
        var link = (await app.Mail.WaitForAsync(email)).RelativeLinkTo("/Account/AcceptInvitation");
        var invitee = app.CreateClient(new() { AllowAutoRedirect = false });
        (await invitee.PostFormAsync(link, new() { ["Input.NewPassword"] = Chosen, ["Input.ConfirmPassword"] = Chosen })).ShouldBeRedirectTo("/");

        var someoneElse = app.CreateClient(new() { AllowAutoRedirect = false });
        var again = await someoneElse.GetAsync(link);
        var replay = await someoneElse.PostFormAsync(link, new() { ["Input.NewPassword"] = "sandi-orang-lain-1", ["Input.ConfirmPassword"] = "sandi-orang-lain-1" }, getUrl: "/Account/Login");

        (await again.TextOfAsync("#link-problem")).ShouldContain("Undangan ini sudah dipakai");
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.TextOfAsync("#link-problem")).ShouldContain("sudah dipakai");
        (await app.CreateClient(new() { AllowAutoRedirect = false }).SignInAttemptAsync(email, "sandi-orang-lain-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CreateClient(new() { AllowAutoRedirect = false }).SignInAttemptAsync(email, Chosen)).ShouldBeRedirectTo("/");
    }

    [Fact]
    public async Task Resending_an_invitation_voids_the_earlier_link()
    {
        var (admin, email) = await InviteAsync("undangan.ulang@uji.kompeten.id");
        var first = (await app.Mail.WaitForAsync(email, 1)).RelativeLinkTo("/Account/AcceptInvitation");
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        var resent = await admin.PostFormAsync($"/Admin/Users/Edit/{id}?handler=Resend", [], getUrl: $"/Admin/Users/Edit/{id}");

        resent.ShouldBeRedirectTo($"/Admin/Users/Edit/{id}");
        var second = (await app.Mail.WaitForAsync(email, 2)).RelativeLinkTo("/Account/AcceptInvitation");
        var invitee = app.CreateClient(new() { AllowAutoRedirect = false });
        (await (await invitee.GetAsync(first)).TextOfAsync("#link-problem")).ShouldContain("tidak berlaku");
        (await invitee.PostFormAsync(second, new() { ["Input.NewPassword"] = Chosen, ["Input.ConfirmPassword"] = Chosen })).ShouldBeRedirectTo("/");
    }

    [Fact]
    public async Task Invitation_links_live_seven_days_and_reset_links_one()
    {
        var (invitation, reset) = await app.WithServicesAsync(sp => Task.FromResult((
            sp.GetRequiredService<IOptions<InvitationTokenProviderOptions>>().Value.TokenLifespan,
            sp.GetRequiredService<IOptions<DataProtectionTokenProviderOptions>>().Value.TokenLifespan)));

        invitation.ShouldBe(TimeSpan.FromDays(7));
        reset.ShouldBe(TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task An_invited_account_cannot_sign_in_before_accepting()
    {
        var (_, email) = await InviteAsync("belum.terima@uji.kompeten.id");

        var attempt = await app.CreateClient(new() { AllowAutoRedirect = false }).SignInAttemptAsync(email, "tebakan-apa-saja-1");

        (await attempt.ErrorsAsync()).ShouldContain("E-mail atau kata sandi salah");
    }
}
