using System.Net;
using System.Text;
using System.Text.Json;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;

namespace Kompeten.Tests.Infrastructure;

/// <summary>Values that cannot be read are answered 400 with a sentence that names them, never an empty 400.</summary>
public class BadRequestTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task An_export_link_with_an_unreadable_filter_says_which_value_is_wrong()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.GetAsync("/Registry/People/Export?Certified=mungkin");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("\"mungkin\"");
        text.ShouldContain("Certified");
        text.ShouldContain("tidak dapat dibaca");
    }

    [Fact]
    public async Task An_htmx_request_that_is_refused_gets_a_sentence_to_show()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Registry/People/Details/999999");
        request.Headers.Add("HX-Request", "true");
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync()).ShouldBe("Data tidak ditemukan");
    }

    [Fact]
    public async Task The_api_answers_an_unreadable_query_value_with_problem_details()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.GetAsync("/api/v1/people?certified=mungkin");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(400);
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("\"mungkin\"");
    }

    [Fact]
    public async Task The_api_answers_a_body_that_is_not_json_with_problem_details()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.PostAsync("/api/v1/people", new StringContent("{\"fullName\": \"Siti", Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("JSON");
    }
}
