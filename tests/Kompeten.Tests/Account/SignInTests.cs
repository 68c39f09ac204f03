using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;

namespace Kompeten.Tests.Account;

public class SignInTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task The_right_password_signs_in_and_opens_the_home_page()
    {
        var email = await app.CreateUserAsync("masuk.benar@uji.kompeten.id", Roles.Operator, "63.01");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.SignInAttemptAsync(email, KompetenFactory.Password);

        response.ShouldBeRedirectTo("/");
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_saying_what_to_do()
    {
        var email = await app.CreateUserAsync("masuk.salah@uji.kompeten.id", Roles.Operator, "63.01");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.SignInAttemptAsync(email, "bukan-kata-sandinya-1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ErrorsAsync()).ShouldContain("E-mail atau kata sandi salah");
        (await client.GetAsync("/")).ShouldBeRedirectTo("/Account/Login");
    }

    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused_with_the_lockout_message()
    {
        var email = await app.CreateUserAsync("masuk.kunci@uji.kompeten.id", Roles.Peserta, "63.02");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 1; i <= 5; i++)
        {
            (await client.SignInAttemptAsync(email, $"tebakan-salah-{i}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var sixth = await client.SignInAttemptAsync(email, KompetenFactory.Password);

        sixth.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sixth.ErrorsAsync()).ShouldContain("Akun dikunci sementara karena terlalu banyak percobaan gagal");
        (await client.GetAsync("/")).ShouldBeRedirectTo("/Account/Login");
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_as_a_wrong_password()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.SignInAttemptAsync("tidak.ada@uji.kompeten.id", "apa-saja-12345");

        (await response.ErrorsAsync()).ShouldContain("E-mail atau kata sandi salah");
    }
}
