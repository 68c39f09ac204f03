using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;

namespace Kompeten.Tests.Infrastructure;

/// <summary>
/// Every role × every route of the registry and administration: allowed roles get the page or
/// data, the others are refused — pages by redirect to Akses ditolak (or 403/404), APIs by 401/403.
/// Routes with {person} are tried with a person of 63.01, so the operator of 63.02 and the
/// administrator of another province must also be refused "by guessing an id".
/// </summary>
public class AuthorizationMatrixTests(AuthorizationMatrixTests.Fixture app) : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    public sealed class Fixture : KompetenFactory
    {
        private readonly Dictionary<string, HttpClient> _clients = [];
        public int PersonId { get; private set; }
        public int LibraryId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            PersonId = (await AddPersonAsync("63.01", "Warga Tanah Laut", Web.Features.Registry.Sex.Female, new DateOnly(1987, 3, 3), 9)).Id;
            LibraryId = await WithDbAsync(async db =>
            {
                var lib = new Web.Features.Registry.Library { Name = "Perpus Uji", TypeCode = "sekolah", RegencyCode = "63.01", ProvinceCode = "63" };
                db.Libraries.Add(lib);
                await db.SaveChangesAsync();
                return lib.Id;
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

    // Actors: role@region. "Operator@63.02" and "AdminProvinsi@64" are the cross-scope probes.
    private static readonly string[] Actors =
    [
        "anon", $"{Roles.AdminNasional}", $"{Roles.AdminProvinsi}@63", $"{Roles.AdminProvinsi}@64", $"{Roles.Operator}@63.01", $"{Roles.Operator}@63.02",
        $"{Roles.Pimpinan}@63", $"{Roles.Pendamping}@63", $"{Roles.Peserta}@63.01",
    ];

    private static readonly string[] Readers = [Roles.AdminNasional, $"{Roles.AdminProvinsi}@63", $"{Roles.Operator}@63.01", $"{Roles.Pimpinan}@63"];
    private static readonly string[] Writers = [Roles.AdminNasional, $"{Roles.AdminProvinsi}@63", $"{Roles.Operator}@63.01"];
    private static readonly string[] AnySignedIn = Actors.Where(a => a != "anon").ToArray();

    /// <summary>Route → actors allowed. Lists filter by scope instead of refusing, so every reader may open them.</summary>
    private static readonly (string Route, string[] Allowed)[] Routes =
    [
        ("/", AnySignedIn),
        ("/Registry/People", [.. Readers, $"{Roles.AdminProvinsi}@64", $"{Roles.Operator}@63.02"]),
        ("/Registry/People/Details/{person}", Readers),
        ("/Registry/People/Edit", [.. Writers, $"{Roles.AdminProvinsi}@64", $"{Roles.Operator}@63.02"]),
        ("/Registry/People/Edit/{person}", Writers),
        ("/Registry/Libraries", [.. Readers, $"{Roles.AdminProvinsi}@64", $"{Roles.Operator}@63.02"]),
        ("/Registry/Libraries/Edit/{library}", Writers),
        ("/api/v1/people", [.. Readers, $"{Roles.AdminProvinsi}@64", $"{Roles.Operator}@63.02"]),
        ("/api/v1/people/{person}", Readers),
        ("/api/v1/libraries", [.. Readers, $"{Roles.AdminProvinsi}@64", $"{Roles.Operator}@63.02"]),
        ("/api/v1/libraries/{library}", Readers),
        ("/Admin/Reference", [Roles.AdminNasional, $"{Roles.AdminProvinsi}@63", $"{Roles.AdminProvinsi}@64"]),
        ("/Admin/NikAccess", [Roles.AdminNasional, $"{Roles.AdminProvinsi}@63", $"{Roles.AdminProvinsi}@64"]),
    ];

    public static IEnumerable<object[]> Cases() =>
        from r in Routes from a in Actors select new object[] { r.Route, a, r.Allowed.Contains(a) };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_exactly_the_routes_it_is_allowed(string route, string actor, bool allowed)
    {
        var client = await app.ClientAsync(actor);
        var url = route.Replace("{person}", app.PersonId.ToString()).Replace("{library}", app.LibraryId.ToString());
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
}
