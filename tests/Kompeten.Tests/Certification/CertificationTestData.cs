using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Kompeten.Tests.Support;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Certification;

/// <summary>Builds certification situations directly in the database, and posts files like a browser.</summary>
public static partial class CertificationTestData
{
    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    /// <summary>A scheme with two units (the first with two elements), validity in years as given.</summary>
    public static Task<Scheme> SchemeAsync(KompetenFactory app, string key, int validityYears = 3, string[]? required = null) => app.WithDbAsync(async db =>
    {
        var scheme = new Scheme
        {
            Key = key,
            Name = $"Klaster Uji {key}",
            ValidityYears = validityYears,
            RequiredDocuments = [.. required ?? [DocumentKinds.IdentityCard, DocumentKinds.Diploma]],
            Units =
            [
                new SchemeUnit
                {
                    Code = "R.91PRP02.021.1", Title = "Membuat Tajuk Kendali Subjek", SortOrder = 10,
                    Elements = [new SchemeElement { Title = "Menentukan subjek", SortOrder = 10 }, new SchemeElement { Title = "Menyusun tajuk", SortOrder = 20 }],
                },
                new SchemeUnit { Code = "R.91PRP02.022.1", Title = "Melakukan Layanan Sirkulasi", SortOrder = 20 },
            ],
        };
        db.Schemes.Add(scheme);
        await db.SaveChangesAsync();
        return scheme;
    });

    /// <summary>A person with a library-science degree (eligible by route a), in the regency.</summary>
    public static async Task<Person> CandidateAsync(KompetenFactory app, string regency, string name, int sequence)
    {
        var person = await app.AddPersonAsync(regency, name, Sex.Female, new DateOnly(1990, 4, 12), sequence);
        await app.WithDbAsync(db => db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.LibraryScienceEducation, true).SetProperty(p => p.BirthPlace, "Banjarmasin").SetProperty(p => p.Phone, "081234567890")));
        return person;
    }

    /// <summary>An application in a given state, with history, claims and documents as needed to get there.</summary>
    public static Task<Application> ApplicationAsync(KompetenFactory app, Person person, Scheme scheme, ApplicationStatus target, string? mentorUserId = null, int? eventId = null) =>
        app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var files = sp.GetRequiredService<IFileStore>();
            var now = DateTimeOffset.UtcNow.AddDays(-10);
            var application = new Application
            {
                PersonId = person.Id, SchemeId = scheme.Id, RegencyCode = person.RegencyCode, ProvinceCode = person.ProvinceCode,
                DiplomaName = Person.NormalizeName(person.FullName), CreatedAt = now, MentorUserId = mentorUserId,
            };
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            var units = await db.SchemeUnits.Where(u => u.SchemeId == scheme.Id).ToListAsync();
            var hash = await files.SaveAsync(new MemoryStream(Pdf));
            foreach (var kind in scheme.RequiredDocuments.Where(k => k != DocumentKinds.FunctionalDecree))
            {
                db.PortfolioDocuments.Add(new PortfolioDocument
                {
                    ApplicationId = application.Id, Kind = kind, OriginalName = $"{kind}.pdf", ContentType = "application/pdf", Size = Pdf.Length, Sha256 = hash,
                    UploadedBy = "uji", UploadedAt = now,
                });
            }
            foreach (var u in units)
            {
                db.PortfolioDocuments.Add(new PortfolioDocument
                {
                    ApplicationId = application.Id, Kind = DocumentKinds.UnitEvidence, UnitId = u.Id, OriginalName = $"bukti-{u.Id}.pdf", ContentType = "application/pdf",
                    Size = Pdf.Length, Sha256 = hash, UploadedBy = "uji", UploadedAt = now,
                });
                application.Claims.Add(new UnitClaim { UnitId = u.Id, Competent = true });
            }
            var steps = new List<Action>();
            if (target >= ApplicationStatus.Submitted && target != ApplicationStatus.Withdrawn) steps.Add(() => application.Submit("uji", now));
            if (target == ApplicationStatus.RevisionRequested) steps.Add(() => application.RequestRevision("pendamping", now.AddHours(1), "Perbaiki KTP"));
            if (target >= ApplicationStatus.Ready && target != ApplicationStatus.Withdrawn && target != ApplicationStatus.RevisionRequested && target != ApplicationStatus.Resubmitted)
                steps.Add(() => application.MarkReady("pendamping", now.AddHours(2)));
            if (target >= ApplicationStatus.Verified && target < ApplicationStatus.Withdrawn) steps.Add(() => application.Verify("admin", now.AddHours(3)));
            if (target >= ApplicationStatus.Scheduled && target < ApplicationStatus.Withdrawn) steps.Add(() => application.Schedule(eventId ?? throw new ArgumentNullException(nameof(eventId)), "admin", now.AddHours(4)));
            foreach (var step in steps) step();
            await db.SaveChangesAsync();
            return application;
        });

    public static Task<AssessmentEvent> EventAsync(KompetenFactory app, Scheme scheme, int capacity, string province = "63") => app.WithDbAsync(async db =>
    {
        var ev = new AssessmentEvent
        {
            Name = "Uji Kompetensi Pustakawan Kalsel 2026", TestSite = "Aula Dispersip Kalsel, Banjarbaru", ProvinceCode = province,
            StartDate = new DateOnly(2026, 3, 10), EndDate = new DateOnly(2026, 3, 11),
            Schemes = [new EventScheme { SchemeId = scheme.Id, Capacity = capacity }],
            Assessors = [new Assessor { Name = "Dra. Asesor Satu", RegistrationNumber = "MET.000.001234 2019" }],
        };
        db.AssessmentEvents.Add(ev);
        await db.SaveChangesAsync();
        return ev;
    });

    /// <summary>A Pendamping account in the pool for the scheme.</summary>
    public static async Task<(string Email, string UserId)> MentorAsync(KompetenFactory app, string email, Scheme scheme, int capacity = 10)
    {
        await app.CreateUserAsync(email, Roles.Pendamping, "63");
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync());
        await app.WithDbAsync(async db =>
        {
            if (!await db.Mentors.AnyAsync(m => m.UserId == userId))
            {
                db.Mentors.Add(new Mentor { UserId = userId, Name = email.Split('@')[0], ProvinceCode = "63", SchemeKeys = [scheme.Key], Capacity = capacity });
            }
            else
            {
                var m = await db.Mentors.FirstAsync(x => x.UserId == userId);
                m.SchemeKeys = [.. m.SchemeKeys.Union([scheme.Key])];
            }
            await db.SaveChangesAsync();
        });
        return (email, userId);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>GETs the page for its antiforgery token, then posts a multipart form with one file.</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(this HttpClient client, string url, string getUrl, Dictionary<string, string> fields, string fileField, string fileName, byte[] bytes)
    {
        var page = await client.GetStringAsync(getUrl);
        var token = TokenPattern().Match(page);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {getUrl}");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken");
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, fileField, fileName);
        return await client.PostAsync(url, form);
    }

    /// <summary>Follows one redirect (the post-redirect-get of the pages) and returns the page's HTML.</summary>
    public static async Task<string> FollowAsync(this HttpClient client, HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Redirect) return await client.GetStringAsync(response.Headers.Location);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The visible text of a page: tags removed, entities decoded, whitespace collapsed.</summary>
    public static string Text(string html) => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")), @"\s+", " ");
}
