using System.IO.Compression;
using Kompeten.BrowserTests.Support;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Kompeten.BrowserTests.Certification;

/// <summary>
/// The whole journey of issue 4 in a real browser: a candidate applies and uploads on a phone,
/// the mentor comments and asks for a revision, the candidate resubmits, the mentor marks ready,
/// the administrator verifies, places the candidate in an event and downloads the hand-off
/// package, enters the results, and the certificate verifies publicly by its QR link.
/// </summary>
public class CertificationJourneyTests(LiveApp app) : IClassFixture<LiveApp>
{
    /// <summary>
    /// Wait for the new document, not for its "load" event: once (1 run in 5) Playwright missed that
    /// event after a navigation and timed out although the page was there; the locators that follow
    /// wait for what they need.
    /// </summary>
    private static readonly PageWaitForURLOptions Navigated = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    [Fact]
    public async Task A_candidate_goes_from_application_to_a_publicly_verified_certificate()
    {
        // --- set-up: a scheme with two units, a candidate with an account, a mentor in the pool, an administrator.
        var scheme = await app.WithDbAsync(async db =>
        {
            var s = new Scheme
            {
                Key = "jurnal-browser", Name = "Klaster Layanan Referensi (uji)", ValidityYears = 3,
                RequiredDocuments = [DocumentKinds.IdentityCard, DocumentKinds.Diploma],
                Units =
                [
                    new SchemeUnit { Code = "R.91PRP02.041.1", Title = "Melakukan Layanan Referensi", SortOrder = 10, Elements = [new SchemeElement { Title = "Menjawab pertanyaan pemustaka", SortOrder = 10 }] },
                    new SchemeUnit { Code = "R.91PRP02.042.1", Title = "Melakukan Penelusuran Informasi", SortOrder = 20 },
                ],
            };
            db.Schemes.Add(s);
            await db.SaveChangesAsync();
            return s;
        });
        var units = await app.WithDbAsync(db => db.SchemeUnits.Where(u => u.SchemeId == scheme.Id).OrderBy(u => u.SortOrder).Select(u => u.Id).ToListAsync());
        var person = await app.AddPersonAsync("63.01", "Nurul Hidayah", Sex.Female, new DateOnly(1991, 6, 5), 9901);
        await app.WithDbAsync(db => db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.LibraryScienceEducation, true).SetProperty(p => p.EducationField, "Ilmu Perpustakaan").SetProperty(p => p.BirthPlace, "Martapura")));
        var candidateEmail = await app.CreateUserAsync("nurul.peserta@uji.kompeten.id", Roles.Peserta, "63.01", person.Id);
        var mentorEmail = await app.CreateUserAsync("pendamping.browser@uji.kompeten.id", Roles.Pendamping, "63");
        var mentorUserId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == mentorEmail).Select(u => u.Id).FirstAsync());
        await app.WithDbAsync(async db =>
        {
            db.Mentors.Add(new Mentor { UserId = mentorUserId, Name = "Pendamping Browser", ProvinceCode = "63", SchemeKeys = [scheme.Key], Capacity = 5 });
            await db.SaveChangesAsync();
        });
        var adminEmail = await app.CreateUserAsync("admin.browser@uji.kompeten.id", Roles.AdminProvinsi, "63");

        // --- 1. The candidate applies and uploads, on a phone.
        var candidate = await app.NewPageAsync(phone: true);
        await app.SignInAsync(candidate, candidateEmail);
        await candidate.GotoAsync("/Certification");
        await candidate.ClickAsync("#apply");
        await candidate.WaitForURLAsync("**/Certification/Apply", Navigated);
        var card = candidate.Locator(".scheme-option", new() { HasText = "Klaster Layanan Referensi (uji)" });
        (await card.InnerTextAsync()).ShouldContain("memenuhi jalur a");
        await LiveApp.ScreenshotAsync(candidate, "certification-1-apply-eligibility-phone");
        await card.Locator("button", new() { HasText = "Buat pengajuan" }).ClickAsync();
        await candidate.WaitForURLAsync("**/Certification/Applications/*", Navigated);
        var applicationUrl = candidate.Url;
        var applicationId = int.Parse(applicationUrl.Split('/').Last().Split('?', '#')[0]);
        (await candidate.InputValueAsync("#diplomaName")).ShouldBe("NURUL HIDAYAH");

        await UploadAsync(candidate, "#doc-ktp form.upload", "ktp.pdf", Pdf, "application/pdf");
        await UploadAsync(candidate, "#doc-ijazah form.upload", "ijazah.pdf", Pdf, "application/pdf");
        await UploadAsync(candidate, $"#unit-{units[0]} form.upload", "daftar-pertanyaan.pdf", Pdf, "application/pdf");
        await UploadAsync(candidate, $"#unit-{units[1]} form.upload", "hasil-penelusuran.png", Png, "image/png");
        // A renamed program is refused with a message, not an error page.
        await UploadAsync(candidate, "#doc-sertifikat-pelatihan form.upload", "cv.pdf", "MZ\u0090\0\u0003 not a pdf"u8.ToArray(), "application/pdf", expectError: true);
        (await candidate.InnerTextAsync("#error")).ShouldContain("bukan PDF, JPG, atau PNG");

        await candidate.ClickAsync($"label[for=unit-{units[0]}-k]");
        await candidate.ClickAsync($"label[for=unit-{units[1]}-k]");
        await candidate.ClickAsync("#save-claims");
        await AlertAsync(candidate, "Asesmen mandiri FR.APL.02 disimpan");
        await LiveApp.ScreenshotAsync(candidate, "certification-2-portfolio-and-self-assessment-phone");
        (await candidate.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(400);
        await candidate.ClickAsync("#submit");
        await AlertAsync(candidate, "Pengajuan dikirim ke pendamping");
        (await candidate.InnerTextAsync(".status")).ShouldBe("Diajukan ke pendamping");

        // --- 2. The administrator applies the suggested mentor.
        var admin = await app.NewPageAsync();
        await app.SignInAsync(admin, adminEmail);
        await admin.GotoAsync("/Certification/Assignments");
        (await admin.InnerTextAsync("#assignments")).ShouldContain("Saran: Pendamping Browser");
        await admin.ClickAsync("#apply-all");
        await AlertAsync(admin, "1 saran pendamping diterapkan");

        // --- 3. The mentor comments on the KTP and asks for a revision.
        var mentor = await app.NewPageAsync();
        await app.SignInAsync(mentor, mentorEmail);
        await mentor.GotoAsync("/Certification/Mentor");
        await mentor.ClickAsync("#queue a");
        await mentor.WaitForURLAsync("**/Certification/Applications/*", Navigated);
        await mentor.FillAsync("#doc-ktp .comment-form input[name=text]", "KTP terpotong di sisi kanan; pindai ulang seluruh kartu.");
        await mentor.ClickAsync("#doc-ktp .comment-form button");
        await mentor.Locator("#doc-ktp .comment", new() { HasText = "KTP terpotong" }).WaitForAsync();
        await mentor.FillAsync("#request-revision-form input[name=reason]", "Perbaiki pindaian KTP");
        await mentor.ClickAsync("#request-revision");
        await AlertAsync(mentor, "Permintaan revisi dikirim");
        await LiveApp.ScreenshotAsync(mentor, "certification-3-mentor-requests-revision");

        // --- 4. The candidate sees why, replaces the KTP and resubmits.
        await candidate.GotoAsync(applicationUrl);
        (await candidate.InnerTextAsync("#revision-reason")).ShouldContain("Perbaiki pindaian KTP");
        (await candidate.InnerTextAsync("#doc-ktp")).ShouldContain("KTP terpotong di sisi kanan");
        await UploadAsync(candidate, "#doc-ktp form.upload", "ktp-utuh.png", Png, "image/png");
        await candidate.ClickAsync("#resubmit");
        await AlertAsync(candidate, "Revisi dikirim ulang");
        (await candidate.InnerTextAsync(".status")).ShouldBe("Diajukan ulang");

        // --- 5. The mentor marks the candidate ready.
        await mentor.GotoAsync(applicationUrl);
        await mentor.ClickAsync("#mark-ready");
        await AlertAsync(mentor, "Kandidat ditandai siap");
        (await mentor.InnerTextAsync(".status")).ShouldBe("Siap (pendamping)");

        // --- 6. The administrator verifies, creates an event, places the candidate and downloads the package.
        await admin.GotoAsync("/Certification/Verification");
        await admin.CheckAsync($"#f-{applicationId}");
        await admin.ClickAsync("#ready button");
        await AlertAsync(admin, "diverifikasi");

        await admin.GotoAsync("/Certification/Events");
        await admin.FillAsync("#Input_Name", "Uji Kompetensi Pustakawan Kalsel Angkatan I");
        await admin.FillAsync("#Input_TestSite", "Aula Dispersip Kalsel, Banjarbaru");
        await admin.FillAsync("#Input_StartDate", "2026-03-10");
        await admin.FillAsync("#Input_EndDate", "2026-03-11");
        await admin.ClickAsync("form.card button.btn-success");
        await admin.WaitForURLAsync("**/Certification/Events/Edit/*", Navigated);
        var eventId = int.Parse(admin.Url.Split('/').Last());
        await admin.FillAsync($"#cap-{scheme.Id}", "20");
        await admin.FillAsync("input[name=name]", "Dra. Hj. Asesor Kalsel");
        await admin.FillAsync("input[name=registrationNumber]", "MET.000.004321 2020");
        await admin.ClickAsync("form[action*=AddAssessor] button");
        await admin.WaitForSelectorAsync("#assessors li");
        await admin.FillAsync($"#cap-{scheme.Id}", "20");
        await admin.ClickAsync("#event-form button.btn-success");
        await AlertAsync(admin, "Uji kompetensi disimpan");

        await admin.GotoAsync($"/Certification/Events/{eventId}");
        (await admin.InnerTextAsync("#placement-rule")).ShouldContain(Placement.RuleText);
        (await admin.InnerTextAsync("#placement")).ShouldContain("NURUL HIDAYAH");
        await admin.ClickAsync("#place");
        await AlertAsync(admin, "1 kandidat ditempatkan sesuai prioritas");
        (await admin.InnerTextAsync("#scheduled")).ShouldContain("NURUL HIDAYAH");
        await LiveApp.ScreenshotAsync(admin, "certification-4-event-placement-and-handoff");

        // The package renders APL-01/APL-02 through the app's own Chromium, started cold in a test
        // instance (no warm-up) while the other browser tests run: allow it more than 30 s.
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.ClickAsync("#download-package"), new() { Timeout = 90_000 });
        download.SuggestedFilename.ShouldBe($"paket-lsp-uji-{eventId}.zip");
        var zipPath = Path.Combine(Path.GetTempPath(), $"paket-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(zipPath);
        var nik = TestData.Nik("63.01", new DateOnly(1991, 6, 5), Sex.Female, 9901);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            names.ShouldContain("daftar-peserta.xlsx");
            names.ShouldContain($"{nik}_NURUL_HIDAYAH/APL-01.pdf");
            names.ShouldContain($"{nik}_NURUL_HIDAYAH/APL-02.pdf");
            names.ShouldContain($"{nik}_NURUL_HIDAYAH/01_KTP.png");
            names.ShouldContain($"{nik}_NURUL_HIDAYAH/02_IJAZAH.pdf");
        }
        File.Delete(zipPath);
        (await app.WithDbAsync(db => db.NikAccessLogs.CountAsync(l => l.Action == "handoff"))).ShouldBeGreaterThan(0);

        // --- 7. Results are entered: K on every unit and overall.
        await admin.ClickAsync("#enter-results");
        await admin.WaitForURLAsync("**/Results", Navigated);
        await admin.SelectOptionAsync($"#unit-{applicationId}-{units[0]}", "K");
        await admin.SelectOptionAsync($"#unit-{applicationId}-{units[1]}", "K");
        await admin.SelectOptionAsync($"#overall-{applicationId}", "K");
        await LiveApp.ScreenshotAsync(admin, "certification-5-results-entry");
        await admin.ClickAsync("#save-results");
        await admin.WaitForURLAsync($"**/Certification/Events/{eventId}", Navigated);
        (await admin.InnerTextAsync(".alert-success")).ShouldContain("1 Kompeten (sertifikat dibuat)");

        // --- 8. The candidate sees the certificate with its QR code; the QR link verifies publicly.
        await candidate.GotoAsync(applicationUrl);
        (await candidate.InnerTextAsync(".status")).ShouldBe("Kompeten — bersertifikat");
        var qrLink = await candidate.GetAttributeAsync("#certificate-qr", "href");
        qrLink.ShouldNotBeNull();
        qrLink.ShouldStartWith(app.BaseUrl + "/v/");
        await LiveApp.ScreenshotAsync(candidate, "certification-6-certificate-with-qr-phone");

        var visitor = await app.NewPageAsync(phone: true);
        await visitor.GotoAsync(qrLink);
        (await visitor.InnerTextAsync("#certificate-status")).ShouldBe("Berlaku");
        var shown = await visitor.InnerTextAsync("#competency-certificate");
        shown.ShouldContain("NU*** HI*****");
        shown.ShouldContain("Klaster Layanan Referensi (uji)");
        shown.ShouldContain("11 Maret 2029");
        shown.ShouldNotContain(nik);
        await LiveApp.ScreenshotAsync(visitor, "certification-7-public-verification-phone");
    }

    private static async Task UploadAsync(IPage page, string form, string name, byte[] bytes, string type, bool expectError = false)
    {
        await page.SetInputFilesAsync($"{form} input[type=file]", new FilePayload { Name = name, MimeType = type, Buffer = bytes });
        await page.ClickAsync($"{form} button");
        await page.Locator(expectError ? "#error" : ".alert-success", new() { HasText = name }).WaitForAsync();
    }

    /// <summary>Waits for the success message of this step (not a leftover one from the page before).</summary>
    private static Task AlertAsync(IPage page, string text) => page.Locator(".alert-success", new() { HasText = text }).WaitForAsync();
}
