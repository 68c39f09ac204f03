using System.Net;
using Kompeten.Tests.Support;

namespace Kompeten.Tests.Certification;

/// <summary>API details that need a host of their own (the rate limiter counts per address for the whole host).</summary>
public class CertificationApiTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task The_OpenAPI_document_lists_the_certification_routes()
    {
        var doc = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        doc.ShouldContain("/api/v1/applications");
        doc.ShouldContain("/api/v1/results/import");
        doc.ShouldContain("/api/v1/verify/{code}");
    }

    [Fact]
    public async Task Guessing_verification_codes_is_slowed_down_with_an_Indonesian_problem()
    {
        var client = app.CreateClient();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 31; i++) last = await client.GetAsync($"/api/v1/verify/ZZZZZZ{i:0000}");
        last!.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await last.Content.ReadAsStringAsync()).ShouldContain("Terlalu banyak");
    }
}
