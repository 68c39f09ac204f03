using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;

namespace Kompeten.Tests.Account;

public class ManageTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task The_account_page_shows_the_users_email_role_and_region()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.03");

        var page = await client.GetAsync("/Account/Manage");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var summary = await page.TextOfAsync("#account-summary");
        summary.ShouldContain("operator.63-03@uji.kompeten.id");
        summary.ShouldContain("Operator Kab/Kota");
        summary.ShouldContain("Kabupaten Banjar");
    }

    [Fact]
    public async Task Changing_the_password_makes_the_new_one_work_and_the_old_one_fail()
    {
        var email = await app.CreateUserAsync("ganti.sandi@uji.kompeten.id", Roles.Pendamping, "63");
        var client = await app.SignInAsync(email, KompetenFactory.Password);

        var response = await client.PostFormAsync("/Account/Manage?handler=Password", new()
        {
            ["Password.CurrentPassword"] = KompetenFactory.Password,
            ["Password.NewPassword"] = "sandi-baru-yang-panjang-7",
            ["Password.ConfirmPassword"] = "sandi-baru-yang-panjang-7",
        }, getUrl: "/Account/Manage");

        response.ShouldBeRedirectTo("/Account/Manage");
        (await client.GetAsync("/Account/Manage")).StatusCode.ShouldBe(HttpStatusCode.OK); // this session stays signed in
        var fresh = app.CreateClient(new() { AllowAutoRedirect = false });
        (await fresh.SignInAttemptAsync(email, KompetenFactory.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fresh.SignInAttemptAsync(email, "sandi-baru-yang-panjang-7")).ShouldBeRedirectTo("/");
    }

    [Fact]
    public async Task A_wrong_current_password_or_a_mismatched_confirmation_is_explained_and_nothing_changes()
    {
        var email = await app.CreateUserAsync("salah.sandi@uji.kompeten.id", Roles.Pendamping, "63");
        var client = await app.SignInAsync(email, KompetenFactory.Password);

        var wrongCurrent = await client.PostFormAsync("/Account/Manage?handler=Password", new()
        {
            ["Password.CurrentPassword"] = "bukan-yang-sekarang-1",
            ["Password.NewPassword"] = "sandi-baru-yang-panjang-7",
            ["Password.ConfirmPassword"] = "sandi-baru-yang-panjang-7",
        }, getUrl: "/Account/Manage");
        var mismatch = await client.PostFormAsync("/Account/Manage?handler=Password", new()
        {
            ["Password.CurrentPassword"] = KompetenFactory.Password,
            ["Password.NewPassword"] = "sandi-baru-yang-panjang-7",
            ["Password.ConfirmPassword"] = "sandi-baru-yang-lain-8",
        }, getUrl: "/Account/Manage");
        var tooShort = await client.PostFormAsync("/Account/Manage?handler=Password", new()
        {
            ["Password.CurrentPassword"] = KompetenFactory.Password,
            ["Password.NewPassword"] = "pendek1",
            ["Password.ConfirmPassword"] = "pendek1",
        }, getUrl: "/Account/Manage");

        (await wrongCurrent.ErrorsAsync()).ShouldContain("Kata sandi saat ini salah");
        (await mismatch.ErrorsAsync()).ShouldContain("Konfirmasi tidak sama dengan kata sandi baru");
        (await tooShort.ErrorsAsync()).ShouldContain("minimal 10 karakter");
        var fresh = app.CreateClient(new() { AllowAutoRedirect = false });
        (await fresh.SignInAttemptAsync(email, KompetenFactory.Password)).ShouldBeRedirectTo("/");
    }

    [Fact]
    public async Task Saving_the_name_changes_it_in_the_menu()
    {
        var email = await app.CreateUserAsync("ganti.nama@uji.kompeten.id", Roles.Peserta, "63.04");
        var client = await app.SignInAsync(email, KompetenFactory.Password);

        var response = await client.PostFormAsync("/Account/Manage?handler=Profile", new() { ["Profile.FullName"] = "Rahmah Hayati, S.IP." }, getUrl: "/Account/Manage");

        response.ShouldBeRedirectTo("/Account/Manage");
        (await client.GetStringAsync("/Account/Manage")).ShouldContain("Rahmah Hayati, S.IP.");
    }
}
