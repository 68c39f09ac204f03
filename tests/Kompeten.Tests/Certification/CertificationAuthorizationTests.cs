using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

/// <summary>
/// Every role × every certification route, role AND region: an application, an event and a person
/// of 63.01 are probed by the operator of 63.02, the administrator of province 64, a mentor not
/// assigned and a participant who is not the candidate — all refused.
/// </summary>
public class CertificationAuthorizationTests(CertificationAuthorizationTests.Fixture app) : IClassFixture<CertificationAuthorizationTests.Fixture>
{
    public sealed class Fixture : KompetenFactory
    {
        private readonly Dictionary<string, HttpClient> _clients = [];
        public int PersonId { get; private set; }
        public int ApplicationId { get; private set; }
        public int EventId { get; private set; }
        public int SchemeId { get; private set; }
        public string Code { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var scheme = await SchemeAsync(this, "matriks");
            SchemeId = scheme.Id;
            var person = await CandidateAsync(this, "63.01", "Warga Matriks", 9301);
            PersonId = person.Id;
            ApplicationId = (await ApplicationAsync(this, person, scheme, ApplicationStatus.Submitted)).Id;
            EventId = (await EventAsync(this, scheme, 3)).Id;
            Code = await WithDbAsync(async db =>
            {
                var c = new Certificate { PersonId = person.Id, SchemeId = scheme.Id, Number = "MTX-1", IssuedOn = new DateOnly(2025, 1, 1), ValidUntil = new DateOnly(2028, 1, 1), VerificationCode = "MTRKS12345" };
                db.Certificates.Add(c);
                await db.SaveChangesAsync();
                return c.VerificationCode;
            });
        }

        public async Task<HttpClient> ClientAsync(string actor)
        {
            if (_clients.TryGetValue(actor, out var c)) return c;
            var parts = actor.Split('@');
            c = parts[0] == "anon"
                ? CreateClient(new() { AllowAutoRedirect = false })
                : await ClientForAsync(parts[0], parts.Length > 1 ? parts[1] : null);
            return _clients[actor] = c;
        }
    }

    private static readonly string[] Actors =
    [
        "anon", Roles.AdminNasional, $"{Roles.AdminProvinsi}@63", $"{Roles.AdminProvinsi}@64", $"{Roles.Operator}@63.01", $"{Roles.Operator}@63.02",
        $"{Roles.Pimpinan}@63", $"{Roles.Pendamping}@63", $"{Roles.Peserta}@63.01",
    ];

    private static readonly string[] AnySignedIn = Actors.Where(a => a != "anon").ToArray();
    private static readonly string[] Admins = [Roles.AdminNasional, $"{Roles.AdminProvinsi}@63", $"{Roles.AdminProvinsi}@64"];
    private static readonly string[] AdminsOfKalsel = [Roles.AdminNasional, $"{Roles.AdminProvinsi}@63"];
    private static readonly string[] Preparers = [.. Admins, $"{Roles.Operator}@63.01", $"{Roles.Operator}@63.02", $"{Roles.Peserta}@63.01"];
    private static readonly string[] Readers = [.. Admins, $"{Roles.Operator}@63.01", $"{Roles.Operator}@63.02", $"{Roles.Pimpinan}@63"];

    private static readonly (string Route, string[] Allowed)[] Routes =
    [
        ("/Certification", AnySignedIn),
        ("/Certification/Apply", Preparers),
        ("/Certification/Experience/{person}", [.. AdminsOfKalsel, $"{Roles.Operator}@63.01"]),
        ("/Certification/Applications/{application}", [.. AdminsOfKalsel, $"{Roles.Operator}@63.01"]),
        ("/Certification/Mentor", [$"{Roles.Pendamping}@63"]),
        ("/Certification/Schemes", Admins),
        ("/Certification/Schemes/Edit/{scheme}", Admins),
        ("/Certification/Mentors", Admins),
        ("/Certification/Assignments", Admins),
        ("/Certification/Verification", Admins),
        ("/Certification/Events", Admins),
        ("/Certification/Events/{event}", AdminsOfKalsel),
        ("/Certification/Events/Edit/{event}", AdminsOfKalsel),
        ("/Certification/Events/{event}/Results", AdminsOfKalsel),
        ("/Certification/Events/{event}?handler=CandidateList", AdminsOfKalsel),
        ("/Certification/Certificates", Readers),
        ("/api/v1/applications", [.. Preparers, $"{Roles.Pendamping}@63"]),
        ("/api/v1/applications/{application}", [.. AdminsOfKalsel, $"{Roles.Operator}@63.01"]),
        ("/api/v1/verify/{code}", Actors),
        ("/v/{code}", Actors),
    ];

    public static IEnumerable<object[]> Cases() =>
        from r in Routes from a in Actors select new object[] { r.Route, a, r.Allowed.Contains(a) };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_exactly_the_certification_routes_it_is_allowed(string route, string actor, bool allowed)
    {
        var client = await app.ClientAsync(actor);
        var url = route.Replace("{person}", app.PersonId.ToString()).Replace("{application}", app.ApplicationId.ToString())
            .Replace("{event}", app.EventId.ToString()).Replace("{scheme}", app.SchemeId.ToString()).Replace("{code}", app.Code);
        var response = await client.GetAsync(url);
        if (allowed)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{actor} GET {url}");
            return;
        }
        var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                      || response.StatusCode == HttpStatusCode.Redirect &&
                      (response.Headers.Location!.ToString().Contains("/Account/AccessDenied") || response.Headers.Location!.ToString().Contains("/Account/Login"));
        refused.ShouldBeTrue($"{actor} GET {url} answered {(int)response.StatusCode} {response.Headers.Location}");
        if (route.StartsWith("/api", StringComparison.Ordinal)) response.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_participant_account_not_linked_to_the_registry_cannot_search_people()
    {
        await app.AddPersonAsync("63.01", "Tetangga Rahasia", Kompeten.Web.Features.Registry.Sex.Male, new DateOnly(1980, 1, 1), 9302);
        var participant = await app.ClientAsync($"{Roles.Peserta}@63.01");
        var page = Text(await participant.GetStringAsync("/Certification/Apply?q=Tetangga"));
        page.ShouldNotContain("Tetangga Rahasia");
        page.ShouldContain("Akun Anda belum terhubung dengan data Anda di registri");
    }
}
