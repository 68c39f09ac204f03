using Kompeten.Web.Infrastructure;

namespace Kompeten.Tests.Certification;

public class UploadSnifferTests
{
    [Fact]
    public void PDF_JPEG_and_PNG_are_recognised_by_their_bytes()
    {
        UploadSniffer.Sniff("%PDF-1.7\n"u8).ShouldBe("application/pdf");
        UploadSniffer.Sniff(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }).ShouldBe("image/jpeg");
        UploadSniffer.Sniff(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }).ShouldBe("image/png");
    }

    [Fact]
    public void An_executable_renamed_to_pdf_is_not_a_pdf()
    {
        UploadSniffer.Sniff("MZ\x90\0\x03"u8).ShouldBeNull();
        UploadSniffer.Sniff(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1 }).ShouldBeNull();
        UploadSniffer.Sniff("<html><script>"u8).ShouldBeNull();
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\system32\\cmd.exe", "cmd.exe")]
    [InlineData("/abs/path/ijazah.pdf", "ijazah.pdf")]
    [InlineData("..", "berkas")]
    [InlineData("ijazah\u0000.pdf", "ijazah.pdf")]
    [InlineData(".hidden.pdf", "hidden.pdf")]
    public void Uploaded_names_never_carry_a_path(string uploaded, string safe) => UploadSniffer.SafeName(uploaded).ShouldBe(safe);
}
