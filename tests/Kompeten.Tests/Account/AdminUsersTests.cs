using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Account;

public class AdminUsersTests(AccountFactory app) : IClassFixture<AccountFactory>
{
    private static Dictionary<string, string> NewAccount(string email, string role, string? province, string? regency = null) => new()
    {
        ["Input.FullName"] = "Akun " + role,
        ["Email"] = email,
        ["Input.Role"] = role,
        ["Input.ProvinceCode"] = province ?? "",
        ["Input.RegencyCode"] = regency ?? "",
    };

    private Task<bool> ExistsAsync(string email) => app.WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));

    private Task<string> IdOfAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task A_provincial_administrator_invites_an_operator_for_a_regency_of_their_province()
    {
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var response = await admin.PostFormAsync("/Admin/Users/Create", NewAccount("operator.baru@uji.kompeten.id", Roles.Operator, "63", "63.11"));

        response.ShouldBeRedirectTo("/Admin/Users/Edit/");
        var (region, roles, hasPassword) = await app.WithDbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Email == "operator.baru@uji.kompeten.id");
            var r = await db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, x => x.Id, (_, x) => x.Name).ToListAsync();
            return (u.RegionCode, r, u.PasswordHash != null);
        });
        region.ShouldBe("63.11");
        roles.ShouldBe([Roles.Operator]);
        hasPassword.ShouldBeFalse();
        await app.Mail.WaitForAsync("operator.baru@uji.kompeten.id");
        var audited = await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "AppUser" && a.Action == "invite"));
        audited.ShouldBeTrue();
    }

    [Fact]
    public async Task A_provincial_administrator_cannot_create_a_national_administrator_even_with_a_forged_form()
    {
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var response = await admin.PostFormAsync("/Admin/Users/Create", NewAccount("palsu.nasional@uji.kompeten.id", Roles.AdminNasional, null));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.ErrorsAsync()).ShouldContain("Anda tidak berhak memberi peran Admin Nasional");
        (await ExistsAsync("palsu.nasional@uji.kompeten.id")).ShouldBeFalse();
        (await (await admin.GetAsync("/Admin/Users/Create")).Content.ReadAsStringAsync()).ShouldNotContain($"value=\"{Roles.AdminNasional}\"");
    }

    [Fact]
    public async Task A_provincial_administrator_cannot_create_an_account_in_another_province()
    {
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var provincial = await admin.PostFormAsync("/Admin/Users/Create", NewAccount("admin.kaltim@uji.kompeten.id", Roles.AdminProvinsi, "64"));
        var regency = await admin.PostFormAsync("/Admin/Users/Create", NewAccount("operator.paser@uji.kompeten.id", Roles.Operator, "64", "64.01"));

        provincial.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        regency.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await regency.ErrorsAsync()).ShouldContain("Anda hanya dapat mengelola akun di provinsi Anda (63)");
        (await ExistsAsync("admin.kaltim@uji.kompeten.id")).ShouldBeFalse();
        (await ExistsAsync("operator.paser@uji.kompeten.id")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_role_at_the_wrong_level_of_region_is_explained()
    {
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var response = await admin.PostFormAsync("/Admin/Users/Create", NewAccount("operator.provinsi@uji.kompeten.id", Roles.Operator, "63"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ErrorsAsync()).ShouldContain("terikat pada kabupaten/kota");
        (await ExistsAsync("operator.provinsi@uji.kompeten.id")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_provincial_administrator_neither_sees_nor_touches_accounts_of_another_province()
    {
        await app.CreateUserAsync("pustakawan.samarinda@uji.kompeten.id", Roles.Peserta, "64.72");
        await app.CreateUserAsync("pustakawan.banjarbaru@uji.kompeten.id", Roles.Peserta, "63.72");
        await app.CreateUserAsync("nasional.lain@uji.kompeten.id", Roles.AdminNasional, null);
        var outsider = await IdOfAsync("pustakawan.samarinda@uji.kompeten.id");
        var national = await IdOfAsync("nasional.lain@uji.kompeten.id");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var list = await admin.GetStringAsync("/Admin/Users");
        var forged = await admin.PostFormAsync($"/Admin/Users/Edit/{outsider}?handler=Lock", [], getUrl: "/Admin/Users/Create");
        var forgedRole = await admin.PostFormAsync($"/Admin/Users/Edit/{national}", NewAccount("x@uji.kompeten.id", Roles.Peserta, "63", "63.01"), getUrl: "/Admin/Users/Create");

        list.ShouldContain("pustakawan.banjarbaru@uji.kompeten.id");
        list.ShouldNotContain("pustakawan.samarinda@uji.kompeten.id");
        list.ShouldNotContain("nasional.lain@uji.kompeten.id");
        (await admin.GetAsync($"/Admin/Users/Edit/{outsider}")).ShouldBeRedirectTo("/Account/AccessDenied");
        forged.ShouldBeRedirectTo("/Account/AccessDenied");
        forgedRole.ShouldBeRedirectTo("/Account/AccessDenied");
        var untouched = await app.WithDbAsync(db => db.Users.Where(u => u.Id == outsider || u.Id == national).Select(u => u.LockoutEnd).ToListAsync());
        untouched.ShouldAllBe(end => end == null);
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == national).Select(u => u.RegionCode).SingleAsync())).ShouldBeNull();
    }

    [Fact]
    public async Task The_region_filter_narrows_the_list_to_a_regency()
    {
        await app.CreateUserAsync("filter.tanahlaut@uji.kompeten.id", Roles.Peserta, "63.01");
        await app.CreateUserAsync("filter.kotabaru@uji.kompeten.id", Roles.Peserta, "63.02");
        var admin = await app.ClientForAsync(Roles.AdminNasional, null);

        var all = await admin.GetStringAsync("/Admin/Users");
        var one = await admin.GetStringAsync("/Admin/Users?region=63.01");

        all.ShouldContain("filter.kotabaru@uji.kompeten.id");
        all.ShouldContain("filter.tanahlaut@uji.kompeten.id");
        one.ShouldContain("filter.tanahlaut@uji.kompeten.id");
        one.ShouldNotContain("filter.kotabaru@uji.kompeten.id");
    }

    [Fact]
    public async Task A_national_administrator_manages_accounts_anywhere()
    {
        var admin = await app.ClientForAsync(Roles.AdminNasional, null);

        var response = await admin.PostFormAsync("/Admin/Users/Create", NewAccount("admin.kaltim.sah@uji.kompeten.id", Roles.AdminProvinsi, "64"));

        response.ShouldBeRedirectTo("/Admin/Users/Edit/");
        (await admin.GetStringAsync("/Admin/Users?region=64")).ShouldContain("admin.kaltim.sah@uji.kompeten.id");
    }

    [Fact]
    public async Task An_operator_is_refused_the_user_administration()
    {
        var operatorClient = await app.ClientForAsync(Roles.Operator, "63.01");

        var response = await operatorClient.GetAsync("/Admin/Users");

        response.ShouldBeRedirectTo("/Account/AccessDenied");
        (await operatorClient.GetAsync(response.Headers.Location)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await operatorClient.GetAsync("/Admin/Users/Create")).ShouldBeRedirectTo("/Account/AccessDenied");
    }

    [Fact]
    public async Task A_locked_account_cannot_sign_in_until_unlocked()
    {
        var email = await app.CreateUserAsync("dikunci.admin@uji.kompeten.id", Roles.Pimpinan, "63");
        var id = await IdOfAsync(email);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        (await admin.PostFormAsync($"/Admin/Users/Edit/{id}?handler=Lock", [], getUrl: $"/Admin/Users/Edit/{id}")).ShouldBeRedirectTo($"/Admin/Users/Edit/{id}");
        var refused = await app.CreateClient(new() { AllowAutoRedirect = false }).SignInAttemptAsync(email, KompetenFactory.Password);
        (await admin.PostFormAsync($"/Admin/Users/Edit/{id}?handler=Unlock", [], getUrl: $"/Admin/Users/Edit/{id}")).ShouldBeRedirectTo($"/Admin/Users/Edit/{id}");
        var accepted = await app.CreateClient(new() { AllowAutoRedirect = false }).SignInAttemptAsync(email, KompetenFactory.Password);

        (await refused.ErrorsAsync()).ShouldContain("dinonaktifkan oleh administrator");
        accepted.ShouldBeRedirectTo("/");
    }

    [Fact]
    public async Task Changing_role_and_region_is_checked_like_creating()
    {
        var email = await app.CreateUserAsync("pindah.wilayah@uji.kompeten.id", Roles.Peserta, "63.03");
        var id = await IdOfAsync(email);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var moved = await admin.PostFormAsync($"/Admin/Users/Edit/{id}", NewAccount(email, Roles.Operator, "63", "63.04"));
        var outside = await admin.PostFormAsync($"/Admin/Users/Edit/{id}", NewAccount(email, Roles.Operator, "64", "64.01"));
        var promoted = await admin.PostFormAsync($"/Admin/Users/Edit/{id}", NewAccount(email, Roles.AdminNasional, null));

        moved.ShouldBeRedirectTo($"/Admin/Users/Edit/{id}");
        outside.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        promoted.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (region, roles) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Id == id).Select(u => u.RegionCode).SingleAsync(),
            await db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync()));
        region.ShouldBe("63.04");
        roles.ShouldBe([Roles.Operator]);
    }
}
