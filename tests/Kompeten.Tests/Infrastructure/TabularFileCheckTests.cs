using System.Text;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Tests.Infrastructure;

/// <summary>What <see cref="TabularFile.Check"/> says about a file that is not a table, whatever its name.</summary>
public class TabularFileCheckTests
{
    private static string Refusal(byte[] bytes, string name) =>
        Should.Throw<TabularFileException>(() => TabularFile.Check(new MemoryStream(bytes), name)).Message;

    [Theory]
    [InlineData("%PDF-1.7\n", "hasil uji")]
    [InlineData("%PDF-1.7\n", "hasil.csv")]
    [InlineData("\u0089PNG\r\n", "nilai.txt")]
    public void A_pdf_or_image_without_a_spreadsheet_name_is_refused_instead_of_read_as_csv(string head, string name) =>
        Refusal(Encoding.Latin1.GetBytes(head + new string('x', 40)), name).ShouldBe(
            $"Berkas {name} bukan lembar kerja maupun CSV (isinya berkas lain, misalnya PDF atau gambar). Unggah berkas .xlsx, .xls, atau .csv.");

    [Fact]
    public void Bytes_with_NULs_are_not_text()
    {
        var bytes = new byte[64];
        "NIK;"u8.CopyTo(bytes);
        Refusal(bytes, "hasil.csv").ShouldContain("bukan lembar kerja maupun CSV");
    }

    [Fact]
    public void Plain_csv_text_passes_as_csv() =>
        TabularFile.Check(new MemoryStream("NIK;Kode unit\n6301;R.91\n"u8.ToArray()), "hasil.csv").ShouldBeFalse();

    [Fact]
    public void The_messages_name_every_accepted_kind()
    {
        Refusal([], "kosong.csv").ShouldContain(".xlsx, .xls, atau .csv");
        Refusal("%PDF-1.7"u8.ToArray(), "surat.pdf").ShouldContain(".xls, atau .csv");
        TabularFile.Accept.ShouldBe(".xlsx,.xls,.csv");
    }
}
