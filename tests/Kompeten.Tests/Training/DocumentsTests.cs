using System.IO.Compression;
using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Training;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Training;

/// <summary>A verification limit low enough to reach in a test.</summary>
public sealed class DocumentsFactory : TrainingFactory
{
    public const int VerificationsPerMinute = 12;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Kompeten:Verification:PermitPerMinute", VerificationsPerMinute.ToString());
    }
}

/// <summary>The printed documents, read back with poppler and zbar, and the public verification page.</summary>
public class DocumentsTests(TrainingFactory app) : IClassFixture<TrainingFactory>
{
    private sealed record Setup(int Batch, int[] Sessions, int Full, int Partial, int Unapproved, HttpClient Admin);

    private async Task<Setup> BatchWithAttendanceAsync()
    {
        var batch = await app.AddBatchAsync(capacity: 10, pool: 5, quotas: new() { ["63.02"] = 5 }, sessions: 3, rule: 80);
        var admitted = await app.AddPeopleAsync("63.01", 2, "Raudatul Jannah");
        var nominated = await app.AddPeopleAsync("63.02", 1, "Muhammad Yusuf");
        var full = (await app.SeatsAsync(s => s.AdmitAsync(batch, admitted[0], TrainingFactory.Province))).ParticipantId!.Value;
        var partial = (await app.SeatsAsync(s => s.AdmitAsync(batch, admitted[1], TrainingFactory.Province))).ParticipantId!.Value;
        var unapproved = (await app.SeatsAsync(s => s.NominateAsync(batch, nominated[0], TrainingFactory.Regency("63.02")))).ParticipantId!.Value;
        var sessions = await app.WithDbAsync(db => db.Sessions.Where(s => s.BatchId == batch).OrderBy(s => s.SortOrder).Select(s => s.Id).ToArrayAsync());
        await app.WithServicesAsync(async sp =>
        {
            var book = sp.GetRequiredService<AttendanceBook>();
            var db = sp.GetRequiredService<Web.Data.AppDbContext>();
            foreach (var sessionId in sessions)
            {
                var session = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId);
                foreach (var pid in new[] { full, unapproved }.Concat(sessionId == sessions[0] ? [] : new[] { partial }))
                {
                    await book.RecordAsync(session, new ScanInput { IdempotencyKey = Guid.NewGuid(), ParticipantId = pid, ManualReason = "uji" }, "panitia");
                }
            }
            return 0;
        });
        return new Setup(batch, sessions, full, partial, unapproved, await app.ClientForAsync(Roles.AdminProvinsi, "63"));
    }

    private async Task<AttendanceCertificate?> CertificateOfAsync(int participantId) =>
        await app.WithDbAsync(db => db.AttendanceCertificates.AsNoTracking().FirstOrDefaultAsync(c => c.ParticipantId == participantId));

    [Fact]
    public async Task Certificates_go_to_approved_participants_who_met_the_attendance_rule_and_keep_their_number()
    {
        var s = await BatchWithAttendanceAsync();
        var url = $"/Training/Batches/{s.Batch}/Documents";
        var issued = await s.Admin.PostFormAsync(url + "?handler=Issue", [], url);
        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var message = WebUtility.HtmlDecode(await s.Admin.GetStringAsync(url));
        message.ShouldContain("1 sertifikat baru diterbitkan");
        message.ShouldContain("1 peserta memenuhi syarat hadir tetapi belum disetujui");
        message.ShouldContain("1 peserta belum memenuhi syarat kehadiran");

        var first = (await CertificateOfAsync(s.Full))!;
        first.Number.ShouldStartWith("001/");
        (await CertificateOfAsync(s.Partial)).ShouldBeNull("2 of 3 sessions is below 80 %");
        (await CertificateOfAsync(s.Unapproved)).ShouldBeNull();

        await app.SeatsAsync(x => x.ApproveAsync(s.Unapproved, TrainingFactory.Province));
        await s.Admin.PostFormAsync(url + "?handler=Issue", [], url);
        (await CertificateOfAsync(s.Full))!.Number.ShouldBe(first.Number, "re-issuing keeps the number");
        (await CertificateOfAsync(s.Full))!.VerificationCode.ShouldBe(first.VerificationCode);
        (await CertificateOfAsync(s.Unapproved))!.Number.ShouldStartWith("002/");
    }

    [Fact]
    public async Task A_certificate_PDF_names_the_holder_number_and_hours_and_its_QR_opens_the_verification_page()
    {
        var s = await BatchWithAttendanceAsync();
        var url = $"/Training/Batches/{s.Batch}/Documents";
        await s.Admin.PostFormAsync(url + "?handler=Issue", [], url);
        var certificate = (await CertificateOfAsync(s.Full))!;

        var response = await s.Admin.GetAsync($"{url}?handler=Certificate&certificateId={certificate.Id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        if (Environment.GetEnvironmentVariable("KOMPETEN_KEEP_PDF") is { Length: > 0 } keep) await File.WriteAllBytesAsync(keep, pdf);

        var text = await PdfTools.TextAsync(pdf);
        text.ShouldContain("SERTIFIKAT");
        text.ShouldContain("Raudatul Jannah");
        text.ShouldContain(certificate.Number);
        text.ShouldContain("24 JP");
        text.ShouldContain("Angkatan I");
        text.ShouldContain("Dr. H. Nurliani, M.AP");
        text.ShouldContain("NIP 196805171993032005");
        PdfTools.PageCount(pdf).ShouldBe(1);

        var codes = await PdfTools.QrCodesAsync(pdf);
        codes.ShouldHaveSingleItem().ShouldBe($"http://localhost/v/{certificate.VerificationCode}");

        // The QR link, opened by anyone.
        var visitor = app.CreateClient();
        var page = await visitor.GetStringAsync(new Uri(codes[0]).PathAndQuery);
        page.ShouldContain("Sah");
        page.ShouldContain("Ra****** Ja****");
        page.ShouldNotContain("Raudatul");
        page.ShouldContain(certificate.Number);
    }

    [Fact]
    public async Task All_certificates_download_as_one_ZIP_and_a_revoked_one_shows_as_revoked()
    {
        var s = await BatchWithAttendanceAsync();
        await app.SeatsAsync(x => x.ApproveAsync(s.Unapproved, TrainingFactory.Province));
        var url = $"/Training/Batches/{s.Batch}/Documents";
        await s.Admin.PostFormAsync(url + "?handler=Issue", [], url);

        var zipBytes = await s.Admin.GetByteArrayAsync(url + "?handler=Zip");
        var numbers = await app.WithDbAsync(db => db.AttendanceCertificates.Where(c => c.BatchId == s.Batch).OrderBy(c => c.Sequence).Select(c => c.Number).ToListAsync());
        using (var zip = new ZipArchive(new MemoryStream(zipBytes)))
        {
            zip.Entries.Count.ShouldBe(2);
            var entries = zip.Entries.OrderBy(e => e.Name).ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                using var ms = new MemoryStream();
                await entries[i].Open().CopyToAsync(ms);
                PdfTools.PageCount(ms.ToArray()).ShouldBe(1, "one certificate per file");
                var text = await PdfTools.TextAsync(ms.ToArray());
                text.ShouldContain("SERTIFIKAT");
                text.ShouldContain(numbers[i]);
                text.ShouldNotContain(numbers[1 - i]);
            }
        }

        var certificate = (await CertificateOfAsync(s.Unapproved))!;
        (await s.Admin.PostFormAsync(url + "?handler=Revoke", new() { ["certificateId"] = certificate.Id.ToString(), ["reason"] = "" }, url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CertificateOfAsync(s.Unapproved))!.RevokedAt.ShouldBeNull("a revocation needs a reason");
        await s.Admin.PostFormAsync(url + "?handler=Revoke", new() { ["certificateId"] = certificate.Id.ToString(), ["reason"] = "Data kehadiran keliru" }, url);
        var page = await app.CreateClient().GetStringAsync($"/v/{certificate.VerificationCode}");
        page.ShouldContain("Dicabut");
        page.ShouldContain("Data kehadiran keliru");
        using var after = new ZipArchive(new MemoryStream(await s.Admin.GetByteArrayAsync(url + "?handler=Zip")));
        after.Entries.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_attendance_list_and_the_invitation_letter_read_back()
    {
        var s = await BatchWithAttendanceAsync();
        var url = $"/Training/Batches/{s.Batch}/Documents";
        var sheet = await PdfTools.TextAsync(await s.Admin.GetByteArrayAsync($"{url}?handler=Sheet&sessionId={s.Sessions[0]}"));
        sheet.ShouldContain("DAFTAR HADIR PESERTA");
        sheet.ShouldContain("Sesi 1: Penyusunan portofolio");
        sheet.ShouldContain("Raudatul Jannah");
        sheet.ShouldContain("Muhammad Yusuf");
        sheet.ShouldContain("Tanda tangan");

        var invitationPdf = await s.Admin.GetByteArrayAsync($"{url}?handler=Invitation");
        var invitation = await PdfTools.TextAsync(invitationPdf);
        invitation.ShouldContain("Undangan");
        invitation.ShouldContain("Lampiran: Daftar peserta");
        var tokens = await app.WithDbAsync(db => db.Participants.Where(p => p.BatchId == s.Batch).Select(p => p.QrToken).ToListAsync());
        (await PdfTools.QrCodesAsync(invitationPdf)).Order().ShouldBe(tokens.Order());

        var op = await app.ClientForAsync(Roles.Operator, "63.01");
        (await op.GetAsync($"{url}?handler=Invitation")).Headers.Location!.ToString().ShouldContain("AccessDenied");
    }
}

/// <summary>On an app of its own: the limiter counts every request of the test client.</summary>
public class VerificationRateLimitTests(DocumentsFactory app) : IClassFixture<DocumentsFactory>
{
    [Fact]
    public async Task The_verification_page_is_public_unknown_codes_are_404_and_guessing_is_rate_limited()
    {
        var visitor = app.CreateClient();
        (await visitor.GetAsync("/v/SXXXXXXXXXXXX")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < DocumentsFactory.VerificationsPerMinute + 3; i++) statuses.Add((await visitor.GetAsync($"/v/SGUESS{i:0000000}")).StatusCode);
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        statuses.Count(x => x == HttpStatusCode.NotFound).ShouldBeLessThanOrEqualTo(DocumentsFactory.VerificationsPerMinute);
    }
}
