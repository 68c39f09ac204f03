using System.Text;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Tests.Certification;

public class ImportSheetTests
{
    private static ImportSheet Read(byte[] bytes, string name) => ImportSheet.Read(new MemoryStream(bytes), name, TabularLimits.Default);

    [Fact]
    public void The_header_keeps_its_row_number_when_rows_above_it_are_empty()
    {
        var xlsx = Read(ResultsTests.SheetBelowBlankRows(["NIK", "Kode unit"], ["6301015204900001", "R.91PRP02.021.1"]), "hasil.xlsx");
        var csv = Read(Encoding.UTF8.GetBytes(";;\n;;\nNIK;Kode unit\n6301015204900001;R.91PRP02.021.1\n"), "hasil.csv");

        foreach (var sheet in new[] { xlsx, csv })
        {
            sheet.HeaderRow.ShouldBe(3);
            sheet.Headers.ShouldBe(["NIK", "Kode unit"]);
            sheet.Rows.ShouldHaveSingleItem().Number.ShouldBe(4);
        }
    }

    [Fact]
    public void A_sheet_without_any_row_has_no_header_row() =>
        Read(Encoding.UTF8.GetBytes(";;\n;;\n"), "kosong.csv").HeaderRow.ShouldBe(0);
}
