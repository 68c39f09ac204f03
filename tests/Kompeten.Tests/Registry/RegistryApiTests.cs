using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Registry;

public class RegistryApiTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private static object Body(string nik, string name, string regency = "63.01", string sex = "Male", string birth = "1988-05-17") => new
    {
        nik, fullName = name, sex, birthDate = birth, educationLevel = "S1", staffCategoryCode = "pustakawan",
        employmentStatusCode = "pns", regencyCode = regency,
    };

    [Fact]
    public async Task Create_get_update_and_list_a_person_through_the_API()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var created = await client.PostAsJsonAsync("/api/v1/people", Body("6301011705880201", "Api Satu"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dto = (await created.Content.ReadFromJsonAsync<JsonElement>());
        var id = dto.GetProperty("id").GetInt32();
        dto.GetProperty("nikMasked").GetString().ShouldBe("630101••••••0201");
        dto.GetProperty("nik").ValueKind.ShouldBe(JsonValueKind.Null);
        dto.GetProperty("sex").GetString().ShouldBe("Male");

        var updated = await client.PutAsJsonAsync($"/api/v1/people/{id}", Body("6301011705880201", "Api Satu Diubah"));
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/people?q=Api+Satu");
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("fullName").GetString()).ShouldBe(["Api Satu Diubah"]);

        var withNik = await client.GetFromJsonAsync<JsonElement>($"/api/v1/people/{id}?includeNik=true");
        withNik.GetProperty("nik").GetString().ShouldBe("6301011705880201");
        (await app.WithDbAsync(db => db.NikAccessLogs.CountAsync(l => l.PersonId == id))).ShouldBe(1);
    }

    [Fact]
    public async Task Validation_errors_come_back_as_problem_details_in_Indonesian()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.PostAsJsonAsync("/api/v1/people", Body("12345", "Salah"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("Data belum valid");
        problem.GetProperty("errors").GetProperty("nik")[0].GetString()!.ShouldContain("16 digit");
    }

    [Fact]
    public async Task Malformed_JSON_is_a_problem_not_a_500()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.PostAsync("/api/v1/people", new StringContent("{ nope", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_duplicate_NIK_is_refused_by_the_API()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        (await client.PostAsJsonAsync("/api/v1/people", Body("6301011705880301", "Pertama"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var second = await client.PostAsJsonAsync("/api/v1/people", Body("6301011705880301", "Kedua"));
        second.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await second.Content.ReadAsStringAsync()).ShouldContain("sudah terdaftar atas nama Pertama");
    }

    [Fact]
    public async Task Cross_regency_ids_answer_not_found_and_lists_stay_in_scope()
    {
        var other = await app.AddPersonAsync("63.02", "Api Kotabaru", Sex.Male, new DateOnly(1979, 2, 3), 401);
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        (await client.GetAsync($"/api/v1/people/{other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PutAsJsonAsync($"/api/v1/people/{other.Id}", Body(TestData.Nik("63.02", new DateOnly(1979, 2, 3), Sex.Male, 401), "X", "63.02", birth: "1979-02-03")))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/people?regency=63.02");
        list.GetProperty("items").GetArrayLength().ShouldBe(0);
        (await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == other.Id))).FullName.ShouldBe("Api Kotabaru");
    }

    [Fact]
    public async Task A_province_administrator_never_sees_another_province()
    {
        var jakarta = await app.AddPersonAsync("31.71", "Orang Jakarta", Sex.Female, new DateOnly(1990, 6, 6), 501);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        (await admin.GetAsync($"/api/v1/people/{jakarta.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/Registry/People/Details/{jakarta.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var national = await app.ClientForAsync(Roles.AdminNasional, null);
        (await national.GetAsync($"/api/v1/people/{jakarta.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_signing_in_the_API_answers_401_problem_details()
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/api/v1/people");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Libraries_can_be_created_and_listed_through_the_API_within_scope()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var created = await client.PostAsJsonAsync("/api/v1/libraries", new { name = "Perpustakaan Desa Api", typeCode = "umum-desa", ownership = "Negeri", regencyCode = "63.01" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var outOfScope = await client.PostAsJsonAsync("/api/v1/libraries", new { name = "Luar", typeCode = "umum-desa", ownership = "Negeri", regencyCode = "63.02" });
        outOfScope.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/libraries");
        list.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("regencyCode").GetString() == "63.01");
    }

    [Fact]
    public async Task A_library_search_for_an_underscore_finds_names_with_an_underscore_not_every_name()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        (await client.PostAsJsonAsync("/api/v1/libraries", new { name = "Perpustakaan Garis_Bawah", typeCode = "umum-desa", ownership = "Negeri", regencyCode = "63.01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsJsonAsync("/api/v1/libraries", new { name = "Perpustakaan Tanpa Garis", typeCode = "umum-desa", ownership = "Negeri", regencyCode = "63.01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var found = (await client.GetFromJsonAsync<JsonElement>("/api/v1/libraries?q=_")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
        found.ShouldContain("Perpustakaan Garis_Bawah");
        found.ShouldAllBe(n => n.Contains('_'));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_registry_routes()
    {
        var doc = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        doc.ShouldContain("/api/v1/people");
        doc.ShouldContain("/api/v1/libraries");
    }
}
