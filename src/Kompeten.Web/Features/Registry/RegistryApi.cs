using System.Security.Claims;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry;

public sealed record PersonDto(
    int Id, string NikMasked, string? Nik, string? Nip, string FullName, string? DiplomaName, Sex Sex, string? BirthPlace, DateOnly BirthDate,
    string? Phone, string? Email, EducationLevel EducationLevel, string? EducationField, bool LibraryScienceEducation,
    string StaffCategoryCode, string? FunctionalLevelCode, string EmploymentStatusCode, int? LibraryId, string RegencyCode, string ProvinceCode,
    DateOnly? LibraryWorkStart, int? PossibleDuplicateOfId, DateTimeOffset UpdatedAt)
{
    public static PersonDto From(Person p, string? fullNik) => new(
        p.Id, p.NikMasked, fullNik, p.Nip, p.FullName, p.DiplomaName, p.Sex, p.BirthPlace, p.BirthDate, p.Phone, p.Email, p.EducationLevel,
        p.EducationField, p.LibraryScienceEducation, p.StaffCategoryCode, p.FunctionalLevelCode, p.EmploymentStatusCode, p.LibraryId,
        p.RegencyCode, p.ProvinceCode, p.LibraryWorkStart, p.PossibleDuplicateOfId, p.UpdatedAt);
}

public sealed record LibraryDto(int Id, string Name, string TypeCode, string? Npp, LibraryOwnership Ownership, string? Address,
    string RegencyCode, string ProvinceCode, string? HeadName, string? Phone, string? Email)
{
    public static LibraryDto From(Library l) => new(l.Id, l.Name, l.TypeCode, l.Npp, l.Ownership, l.Address, l.RegencyCode, l.ProvinceCode, l.HeadName, l.Phone, l.Email);
}

public sealed record LibraryPage(List<LibraryDto> Items, int? NextAfterId);

/// <summary>/api/v1 for people and libraries, authorised exactly like the registry pages.</summary>
public static class RegistryApi
{
    public static void MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/v1/people").WithTags("Registri: tenaga perpustakaan");
        people.MapGet("/", ListPeople).RequireAuthorization(Policies.RegistryRead).WithName("ListPeople")
            .WithSummary("Daftar tenaga perpustakaan (filter, keyset paging lewat 'after').");
        people.MapGet("/{id:int}", GetPerson).RequireAuthorization(Policies.RegistryRead).WithName("GetPerson")
            .WithSummary("Satu orang; includeNik=true menampilkan NIK lengkap (peran tertentu, dicatat).");
        people.MapPost("/", CreatePerson).RequireAuthorization(Policies.RegistryWrite).WithName("CreatePerson");
        people.MapPut("/{id:int}", UpdatePerson).RequireAuthorization(Policies.RegistryWrite).WithName("UpdatePerson");

        var libraries = app.MapGroup("/api/v1/libraries").WithTags("Registri: perpustakaan");
        libraries.MapGet("/", ListLibraries).RequireAuthorization(Policies.RegistryRead).WithName("ListLibraries")
            .WithSummary("Daftar perpustakaan; q mencari nama (sebagian) atau NPP (boleh dengan spasi, titik atau strip).");
        libraries.MapGet("/{id:int}", GetLibrary).RequireAuthorization(Policies.RegistryRead).WithName("GetLibrary");
        libraries.MapPost("/", CreateLibrary).RequireAuthorization(Policies.RegistryWrite).WithName("CreateLibrary");
        libraries.MapPut("/{id:int}", UpdateLibrary).RequireAuthorization(Policies.RegistryWrite).WithName("UpdateLibrary");
    }

    private static async Task<Ok<PeoplePage>> ListPeople([AsParameters] PeopleFilterQuery f, PeopleQuery query, UserScope scope) =>
        TypedResults.Ok(await query.PageAsync(f.ToFilter(), scope));

    /// <summary>Query-string form of <see cref="PeopleFilter"/> (minimal APIs bind flat parameters).</summary>
    public sealed record PeopleFilterQuery(string? Q, string? Regency, string? LibraryType, string? StaffCategory, bool? Certified,
        Certification.ApplicationStatus? Pipeline, string? Sort, string? After, int? Size, int? TrainedYear = null)
    {
        public PeopleFilter ToFilter() => new()
        {
            Q = Q, Regency = Regency, LibraryType = LibraryType, StaffCategory = StaffCategory, Certified = Certified, Pipeline = Pipeline, TrainedYear = TrainedYear, Sort = Sort, After = After, Size = Size,
        };
    }

    private static async Task<Results<Ok<PersonDto>, NotFound<ProblemDetails>, ForbidHttpResult>> GetPerson(
        int id, bool? includeNik, AppDbContext db, UserScope scope, NikProtector nik, IAuthorizationService authz, ClaimsPrincipal user, TimeProvider clock)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id);
        if (person is null || !scope.Covers(person)) return NotFoundProblem(id);
        string? full = null;
        if (includeNik == true)
        {
            if (!(await authz.AuthorizeAsync(user, Policies.FullNik)).Succeeded) return TypedResults.Forbid();
            full = nik.Unprotect(person.NikCipher);
            db.NikAccessLogs.Add(new NikAccessLog
            {
                PersonId = id,
                UserId = user.FindFirstValue(ClaimTypes.NameIdentifier)!,
                UserName = user.Identity!.Name!,
                Action = "view",
                Detail = "API /api/v1/people/{id}",
                At = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        return TypedResults.Ok(PersonDto.From(person, full));
    }

    private static async Task<Results<Created<PersonDto>, ValidationProblem>> CreatePerson(PersonInput input, AppDbContext db, PersonRules rules, UserScope scope)
    {
        var check = await rules.CheckAsync(input, null, scope);
        if (!check.IsValid) return Invalid(check.Errors);
        var person = db.People.Add(PersonRules.NewPerson()).Entity;
        rules.Apply(input, check, person);
        person.PossibleDuplicateOfId = await rules.FindLikelyDuplicateAsync(person);
        if (await TrySaveAsync(db) is { } conflict) return conflict;
        return TypedResults.Created($"/api/v1/people/{person.Id}", PersonDto.From(person, null));
    }

    private static async Task<Results<Ok<PersonDto>, NotFound<ProblemDetails>, ValidationProblem>> UpdatePerson(
        int id, PersonInput input, AppDbContext db, PersonRules rules, UserScope scope)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id);
        if (person is null || !scope.Covers(person)) return NotFoundProblem(id);
        var check = await rules.CheckAsync(input, id, scope);
        if (!check.IsValid) return Invalid(check.Errors);
        rules.Apply(input, check, person);
        person.PossibleDuplicateOfId ??= await rules.FindLikelyDuplicateAsync(person);
        if (await TrySaveAsync(db) is { } conflict) return conflict;
        return TypedResults.Ok(PersonDto.From(person, null));
    }

    private static async Task<Ok<LibraryPage>> ListLibraries(string? q, string? regency, string? type, int? after, int? size, AppDbContext db, UserScope scope)
    {
        var take = Math.Clamp(size ?? 100, 1, 500);
        var query = db.Libraries.AsNoTracking().InScope(scope);
        if (!string.IsNullOrWhiteSpace(regency)) query = query.Where(l => l.RegencyCode == regency);
        if (!string.IsNullOrWhiteSpace(type)) query = query.Where(l => l.TypeCode == type);
        query = query.Matching(q);
        if (after is { } a) query = query.Where(l => l.Id > a);
        var items = await query.OrderBy(l => l.Id).Take(take + 1).ToListAsync();
        int? next = items.Count > take ? items[take - 1].Id : null;
        return TypedResults.Ok(new LibraryPage(items.Take(take).Select(LibraryDto.From).ToList(), next));
    }

    private static async Task<Results<Ok<LibraryDto>, NotFound<ProblemDetails>>> GetLibrary(int id, AppDbContext db, UserScope scope)
    {
        var library = await db.Libraries.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id);
        return library is null || !scope.Covers(library) ? NotFoundProblem(id, "Perpustakaan") : TypedResults.Ok(LibraryDto.From(library));
    }

    private static async Task<Results<Created<LibraryDto>, ValidationProblem>> CreateLibrary(LibraryInput input, AppDbContext db, LibraryRules rules, UserScope scope)
    {
        var errors = await rules.CheckAsync(input, null, scope);
        if (errors.Count > 0) return Invalid(errors);
        var library = db.Libraries.Add(LibraryRules.NewLibrary()).Entity;
        rules.Apply(input, library);
        if (await rules.SaveAsync(library, null, scope) is { Count: > 0 } conflict) return Invalid(conflict);
        return TypedResults.Created($"/api/v1/libraries/{library.Id}", LibraryDto.From(library));
    }

    private static async Task<Results<Ok<LibraryDto>, NotFound<ProblemDetails>, ValidationProblem>> UpdateLibrary(
        int id, LibraryInput input, AppDbContext db, LibraryRules rules, UserScope scope)
    {
        var library = await db.Libraries.FirstOrDefaultAsync(l => l.Id == id);
        if (library is null || !scope.Covers(library)) return NotFoundProblem(id, "Perpustakaan");
        var errors = await rules.CheckAsync(input, id, scope);
        if (errors.Count > 0) return Invalid(errors);
        rules.Apply(input, library);
        if (await rules.SaveAsync(library, id, scope) is { Count: > 0 } conflict) return Invalid(conflict);
        return TypedResults.Ok(LibraryDto.From(library));
    }

    /// <summary>Out of scope answers exactly like missing, so ids cannot be probed across regencies.</summary>
    private static NotFound<ProblemDetails> NotFoundProblem(int id, string what = "Orang") => TypedResults.NotFound(new ProblemDetails
    {
        Status = 404,
        Title = "Data tidak ditemukan",
        Detail = $"{what} dengan ID {id} tidak ada di wilayah Anda.",
    });

    private static ValidationProblem Invalid(Dictionary<string, List<string>> errors) => TypedResults.ValidationProblem(
        errors.ToDictionary(e => e.Key.Length == 0 ? "input" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => e.Value.ToArray()),
        title: "Data belum valid",
        detail: "Perbaiki isian yang disebutkan lalu kirim ulang.");

    /// <summary>Saves a person; a NIK or NIP another user saved since the check is a validation problem, not a 500.</summary>
    private static async Task<ValidationProblem?> TrySaveAsync(AppDbContext db)
    {
        try
        {
            await db.SaveChangesAsync();
            return null;
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: "23505" } pg)
        {
            var field = pg.ConstraintName?.Contains("nip", StringComparison.Ordinal) == true ? "nip" : "nik";
            return Invalid(new() { [field] = ["Nilai ini baru saja didaftarkan oleh pengguna lain; data tidak disimpan."] });
        }
    }
}
