using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;

namespace Kompeten.Tests.Account;

public class ExpiredLinkTests(ExpiredLinksFactory app) : IClassFixture<ExpiredLinksFactory>
{
    [Fact]
    public async Task An_expired_reset_link_says_to_ask_for_a_new_one_and_changes_nothing()
    {
        var email = await app.CreateUserAsync("tautan.basi@uji.kompeten.id", Roles.Peserta, "63.11");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        await client.PostFormAsync("/Account/ForgotPassword", new() { ["Input.Email"] = email });
        var link = (await app.Mail.WaitForAsync(email)).RelativeLinkTo("/Account/ResetPassword");

        var page = await client.GetAsync(link);
        var forced = await client.PostFormAsync(link, new() { ["Input.NewPassword"] = "terlambat-sekali-1", ["Input.ConfirmPassword"] = "terlambat-sekali-1" }, getUrl: "/Account/ForgotPassword");

        (await page.TextOfAsync("#link-problem")).ShouldContain("sudah lewat 24 jam");
        (await forced.TextOfAsync("#link-problem")).ShouldContain("Minta tautan baru");
        (await client.SignInAttemptAsync(email, KompetenFactory.Password)).ShouldBeRedirectTo("/");
    }

    [Fact]
    public async Task An_expired_invitation_says_to_ask_the_administrator_again()
    {
        var admin = await app.ClientForAsync(Roles.AdminNasional, null);
        await admin.PostFormAsync("/Admin/Users/Create", new()
        {
            ["Input.FullName"] = "Undangan Basi",
            ["Email"] = "undangan.basi@uji.kompeten.id",
            ["Input.Role"] = Roles.Pimpinan,
            ["Input.ProvinceCode"] = "63",
            ["Input.RegencyCode"] = "",
        });
        var link = (await app.Mail.WaitForAsync("undangan.basi@uji.kompeten.id")).RelativeLinkTo("/Account/AcceptInvitation");

        var page = await app.CreateClient().GetAsync(link);

        (await page.TextOfAsync("#link-problem")).ShouldContain("Minta administrator Dinas mengirim ulang undangan");
    }
}
