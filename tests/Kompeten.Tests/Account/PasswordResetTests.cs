using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;

namespace Kompeten.Tests.Account;

public class PasswordResetTests(AccountFactory app) : IClassFixture<AccountFactory>
{
    private const string NewPassword = "sandi-pulih-panjang-9";

    private async Task<SentEmail> RequestResetAsync(HttpClient client, string email, int number = 1)
    {
        var response = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Input.Email"] = email });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await app.Mail.WaitForAsync(email, number);
    }

    [Fact]
    public async Task The_emailed_link_sets_a_new_password_once_and_only_once()
    {
        var email = await app.CreateUserAsync("lupa.sandi@uji.kompeten.id", Roles.Operator, "63.05");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var mail = await RequestResetAsync(client, email);
        mail.LinkTo("/Account/ResetPassword").ShouldStartWith("http://localhost/Account/ResetPassword?code=");
        var link = mail.RelativeLinkTo("/Account/ResetPassword");
        var reset = await client.PostFormAsync(link, new() { ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword });

        reset.ShouldBeRedirectTo("/Account/Login");
        (await client.SignInAttemptAsync(email, NewPassword)).ShouldBeRedirectTo("/");
        var again = await client.GetAsync(link);
        (await again.TextOfAsync("#link-problem")).ShouldContain("Tautan ini sudah tidak berlaku");
        // Replaying the form of the used link is refused too, and the password stays.
        var replay = await app.CreateClient(new() { AllowAutoRedirect = false })
            .PostFormAsync(link, new() { ["Input.NewPassword"] = "sandi-penyerang-12345", ["Input.ConfirmPassword"] = "sandi-penyerang-12345" }, getUrl: "/Account/ForgotPassword");
        (await replay.TextOfAsync("#link-problem")).ShouldContain("minta tautan baru", Case.Insensitive);
        (await app.CreateClient(new() { AllowAutoRedirect = false }).SignInAttemptAsync(email, NewPassword)).ShouldBeRedirectTo("/");
    }

    [Fact]
    public async Task A_known_and_an_unknown_address_get_the_same_answer_and_only_the_known_one_gets_mail()
    {
        var known = await app.CreateUserAsync("terdaftar@uji.kompeten.id", Roles.Peserta, "63.06");
        const string unknown = "tidak.terdaftar@uji.kompeten.id";
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var forKnown = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Input.Email"] = known });
        var forUnknown = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Input.Email"] = unknown });

        forKnown.StatusCode.ShouldBe(forUnknown.StatusCode);
        (await forKnown.TextOfAsync("#forgot-sent")).Replace(known, "X").ShouldBe((await forUnknown.TextOfAsync("#forgot-sent")).Replace(unknown, "X"));
        await app.Mail.WaitForAsync(known);
        app.Mail.To(unknown).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_damaged_link_says_so_and_offers_a_new_one()
    {
        var client = app.CreateClient();

        var page = await client.GetAsync("/Account/ResetPassword?code=rusak");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.TextOfAsync("#link-problem")).ShouldContain("Minta tautan baru");
        (await page.Content.ReadAsStringAsync()).ShouldContain("href=\"/Account/ForgotPassword\"");
    }

    [Fact]
    public async Task Only_the_newest_link_works_after_asking_twice()
    {
        var email = await app.CreateUserAsync("dua.kali@uji.kompeten.id", Roles.Peserta, "63.07");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var first = (await RequestResetAsync(client, email, 1)).RelativeLinkTo("/Account/ResetPassword");
        var second = (await RequestResetAsync(client, email, 2)).RelativeLinkTo("/Account/ResetPassword");

        (await client.PostFormAsync(second, new() { ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword })).ShouldBeRedirectTo("/Account/Login");

        (await (await client.GetAsync(first)).TextOfAsync("#link-problem")).ShouldContain("sudah tidak berlaku");
    }

    [Fact]
    public async Task Resetting_the_password_lifts_the_lock_after_wrong_passwords()
    {
        var email = await app.CreateUserAsync("kunci.pulih@uji.kompeten.id", Roles.Operator, "63.08");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++) await client.SignInAttemptAsync(email, $"salah-terus-{i}");

        var link = (await RequestResetAsync(client, email)).RelativeLinkTo("/Account/ResetPassword");
        await client.PostFormAsync(link, new() { ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword });

        (await client.SignInAttemptAsync(email, NewPassword)).ShouldBeRedirectTo("/");
    }
}

public class PasswordResetLogTests(LoggedEmailFactory app) : IClassFixture<LoggedEmailFactory>
{
    [Fact]
    public async Task Without_SMTP_the_whole_reset_link_is_written_to_the_log_and_works()
    {
        var email = await app.CreateUserAsync("log.tautan@uji.kompeten.id", Roles.Operator, "63.09");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        await client.PostFormAsync("/Account/ForgotPassword", new() { ["Input.Email"] = email });

        var line = await app.Logs.WaitForAsync(m => m.Contains("SMTP belum diatur") && m.Contains(email));
        line.ShouldNotContain("\n"); // one log line carries the whole message, link included
        var link = new SentEmail(email, "", line).LinkTo("/Account/ResetPassword");
        link.ShouldStartWith("http://localhost/Account/ResetPassword?code=");
        var reset = await client.PostFormAsync(new Uri(link).PathAndQuery, new() { ["Input.NewPassword"] = "dari-log-server-123", ["Input.ConfirmPassword"] = "dari-log-server-123" });
        reset.ShouldBeRedirectTo("/Account/Login");
    }
}
