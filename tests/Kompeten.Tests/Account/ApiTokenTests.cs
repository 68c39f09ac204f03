using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Account;

public class ApiTokenTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private HttpClient Bearer(string token)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await JsonAsync(response);
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_token_made_on_the_page_opens_the_api_until_it_is_revoked()
    {
        var owner = await app.ClientForAsync(Roles.Operator, "63.01");

        var created = await owner.PostFormAsync("/Account/Manage/Tokens?handler=Create", new() { ["Name"] = "Integrasi SIMPEG" }, getUrl: "/Account/Manage/Tokens");
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = Regex.Match(await created.TextOfAsync("#new-token") + await created.Content.ReadAsStringAsync(), "kpt_[A-Za-z0-9_-]{20,}").Value;
        token.ShouldNotBeNullOrEmpty();
        (await owner.GetStringAsync("/Account/Manage/Tokens")).ShouldNotContain(token); // shown once

        var me = await Bearer(token).GetAsync("/api/v1/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await JsonAsync(me);
        body.GetProperty("email").GetString().ShouldBe("operator.63-01@uji.kompeten.id");
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe([Roles.Operator]);
        body.GetProperty("regionCode").GetString().ShouldBe("63.01");
        body.GetProperty("regionName").GetString().ShouldBe("Kabupaten Tanah Laut");
        body.GetProperty("authenticatedWith").GetString().ShouldBe("token");
        (await owner.GetStringAsync("/Account/Manage/Tokens")).ShouldNotContain("Belum pernah"); // last use recorded

        var id = await app.WithDbAsync(db => db.ApiTokens.Where(t => t.Name == "Integrasi SIMPEG").Select(t => t.Id).SingleAsync());
        (await owner.PostFormAsync($"/Account/Manage/Tokens?handler=Revoke&id={id}", [], getUrl: "/Account/Manage/Tokens")).ShouldBeRedirectTo("/Account/Manage/Tokens");

        var afterRevoke = await Bearer(token).GetAsync("/api/v1/me");
        await ShouldBeProblemAsync(afterRevoke, HttpStatusCode.Unauthorized);
        (await JsonAsync(afterRevoke)).GetProperty("detail").GetString()!.ShouldContain("dicabut");
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var email = await app.CreateUserAsync("token.lama@uji.kompeten.id", Roles.Pimpinan, "63");
        var (row, secret) = ApiToken.Issue(
            await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync()),
            "Skrip lama", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddMinutes(-1));
        await app.WithDbAsync(db => { db.ApiTokens.Add(row); return db.SaveChangesAsync(); });

        var response = await Bearer(secret).GetAsync("/api/v1/me");

        await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized);
        (await JsonAsync(response)).GetProperty("detail").GetString()!.ShouldContain("kedaluwarsa");
    }

    [Fact]
    public async Task An_anonymous_call_gets_a_401_problem_not_a_redirect()
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/api/v1/me");

        await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized);
        (await JsonAsync(response)).GetProperty("title").GetString().ShouldBe("Silakan masuk terlebih dahulu");
    }

    [Fact]
    public async Task An_unknown_token_gets_a_401_problem_saying_how_to_get_one()
    {
        var response = await Bearer("kpt_bukan-token-sungguhan").GetAsync("/api/v1/me");

        await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized);
        (await JsonAsync(response)).GetProperty("detail").GetString()!.ShouldContain("/Account/Manage/Tokens");
    }

    [Fact]
    public async Task The_signed_in_browser_reaches_me_with_its_cookie()
    {
        var client = await app.ClientForAsync(Roles.AdminNasional, null);

        var body = await JsonAsync(await client.GetAsync("/api/v1/me"));

        body.GetProperty("email").GetString().ShouldBe("adminnasional.id@uji.kompeten.id");
        body.GetProperty("regionCode").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("authenticatedWith").GetString().ShouldBe("cookie");
    }

    [Fact]
    public async Task Tokens_are_listed_created_and_revoked_through_the_api()
    {
        var client = await app.ClientForAsync(Roles.Pendamping, "63");

        var created = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "Laporan mingguan", expiresAt = DateTimeOffset.UtcNow.AddDays(90) });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var newToken = await JsonAsync(created);
        var id = newToken.GetProperty("id").GetInt32();
        var secret = newToken.GetProperty("token").GetString()!;
        secret.ShouldStartWith("kpt_");
        created.Headers.Location!.OriginalString.ShouldBe($"/api/v1/tokens/{id}");

        var listed = await JsonAsync(await Bearer(secret).GetAsync("/api/v1/tokens"));
        var item = listed.EnumerateArray().Single(t => t.GetProperty("id").GetInt32() == id);
        item.GetProperty("prefix").GetString().ShouldBe(secret[..12]);
        item.GetProperty("active").GetBoolean().ShouldBeTrue();
        item.TryGetProperty("token", out _).ShouldBeFalse();
        item.TryGetProperty("tokenHash", out _).ShouldBeFalse();

        var minted = await Bearer(secret).PostAsJsonAsync("/api/v1/tokens", new { name = "Turunan" });
        await ShouldBeProblemAsync(minted, HttpStatusCode.Forbidden);

        (await client.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Bearer(secret).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeProblemAsync(await client.DeleteAsync("/api/v1/tokens/999999"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Someone_elses_token_cannot_be_seen_or_revoked()
    {
        var owner = await app.ClientForAsync(Roles.Peserta, "63.05");
        var other = await app.ClientForAsync(Roles.Peserta, "63.06");
        var id = (await JsonAsync(await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "Milik sendiri" }))).GetProperty("id").GetInt32();

        await ShouldBeProblemAsync(await other.DeleteAsync($"/api/v1/tokens/{id}"), HttpStatusCode.NotFound);
        await ShouldBeProblemAsync(await other.GetAsync($"/api/v1/tokens/{id}"), HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.ApiTokens.Where(t => t.Id == id).Select(t => t.RevokedAt).SingleAsync())).ShouldBeNull();
    }

    [Fact]
    public async Task An_invalid_token_request_is_a_validation_problem_in_Indonesian()
    {
        var client = await app.ClientForAsync(Roles.Peserta, "63.07");

        var response = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });

        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        var problem = await JsonAsync(response);
        problem.GetProperty("title").GetString().ShouldBe("Isian token tidak valid");
        problem.GetProperty("errors").GetProperty("name")[0].GetString()!.ShouldContain("Nama token wajib diisi");
        problem.GetProperty("errors").GetProperty("expiresAt")[0].GetString()!.ShouldContain("masa depan");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_account_api()
    {
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json");

        document.ShouldContain("/api/v1/me");
        document.ShouldContain("/api/v1/tokens/{id}");
    }

    [Fact]
    public async Task The_token_page_explains_a_missing_name()
    {
        var client = await app.ClientForAsync(Roles.Peserta, "63.08");

        var response = await client.PostFormAsync("/Account/Manage/Tokens?handler=Create", new() { ["Name"] = " " }, getUrl: "/Account/Manage/Tokens");

        (await response.ErrorsAsync()).ShouldContain("Nama token wajib diisi");
        (await app.WithDbAsync(db => db.ApiTokens.CountAsync(t => t.User!.Email == "peserta.63-08@uji.kompeten.id"))).ShouldBe(0);
    }
}
