using System.Globalization;
using System.IO.Compression;
using System.Text;
using ExcelDataReader;
using Kompeten.Tests.Registry.Import;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Tests.Infrastructure;

/// <summary>
/// The single-pass xlsx reader on hand-written packages (what Excel, LibreOffice and other tools
/// write), and against ExcelDataReader — which it replaced for xlsx — on the files our tests and
/// our own writer make.
/// </summary>
public class XlsxReaderTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private const string Styles = $"""
        <styleSheet xmlns="{Main}">
          <numFmts count="5">
            <numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
            <numFmt numFmtId="165" formatCode="[$-421]d\ mmmm\ yyyy;@"/>
            <numFmt numFmtId="166" formatCode="0.00"/>
            <numFmt numFmtId="167" formatCode="&quot;Tgl&quot;\ 0"/>
            <numFmt numFmtId="168" formatCode="[h]:mm"/>
          </numFmts>
          <cellXfs count="9">
            <xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/>
            <xf numFmtId="166"/><xf numFmtId="22"/><xf numFmtId="167"/><xf numFmtId="49"/><xf numFmtId="168"/>
          </cellXfs>
        </styleSheet>
        """;

    /// <summary>A package from raw parts: sheets in workbook order, optional shared strings and styles.</summary>
    private static byte[] Package((string Name, string Xml)[] sheets, string? shared = null, string? styles = Styles, string workbookPr = "")
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string xml)
            {
                using var w = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                w.Write(xml);
            }
            Add("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Add("_rels/.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            var rels = new StringBuilder("""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
            var list = new StringBuilder();
            for (var i = 0; i < sheets.Length; i++)
            {
                // One absolute and one relative target, as different writers do.
                var target = i % 2 == 0 ? $"worksheets/sheet{i + 1}.xml" : $"/xl/worksheets/sheet{i + 1}.xml";
                rels.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rIdS{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>""");
                list.Append(CultureInfo.InvariantCulture, $"""<sheet name="{sheets[i].Name}" sheetId="{i + 1}" r:id="rIdS{i}"/>""");
                Add($"xl/worksheets/sheet{i + 1}.xml", sheets[i].Xml);
            }
            if (shared is not null)
            {
                rels.Append("""<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>""");
                Add("xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{Main}">{shared}</sst>""");
            }
            if (styles is not null)
            {
                rels.Append("""<Relationship Id="rIdSty" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>""");
                Add("xl/styles.xml", styles);
            }
            rels.Append("</Relationships>");
            Add("xl/_rels/workbook.xml.rels", rels.ToString());
            Add("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{workbookPr}<sheets>{list}</sheets></workbook>""");
        }
        return ms.ToArray();
    }

    private static string Sheet(string rows, string before = "") =>
        $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{Main}">{before}<sheetData>{rows}</sheetData></worksheet>""";

    private static List<TabularRow> Read(byte[] xlsx)
    {
        using var file = TabularFile.Open(new MemoryStream(xlsx), "uji.xlsx");
        return file.Rows().ToList();
    }

    private static TabularCell Text(string s) => new(CellKind.Text, s);

    [Fact]
    public void Shared_inline_and_formula_strings_numbers_booleans_and_errors_are_read_by_type()
    {
        var shared = "<si><t>NIK</t></si><si><t xml:space=\"preserve\">   </t></si><si><r><t xml:space=\"preserve\">Siti </t></r><r><rPr><b/></rPr><t>Aminah</t></r></si>";
        var rows = Read(Package([("Lembar1", Sheet("""
            <row r="1">
              <c r="A1" t="s"><v>0</v></c>
              <c r="B1" t="inlineStr"><is><t xml:space="preserve"> Nama </t></is></c>
              <c r="C1" t="str"><f>A1&amp;"x"</f><v>NIKx</v></c>
              <c r="D1" t="b"><v>1</v></c>
              <c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c>
              <c r="F1"><v>42</v></c>
              <c r="G1" s="4"><v>1.5</v></c>
              <c r="H1" t="s"><v>1</v></c>
              <c r="I1" t="s"><v>2</v></c>
              <c r="J1" t="b"><v>0</v></c>
              <c r="K1"><v>6301015705880003</v></c>
            </row>
            """))], shared));

        rows.Single().Cells.ShouldBe([
            Text("NIK"), Text("Nama"), Text("NIKx"), new(CellKind.Boolean, "TRUE"), TabularCell.Empty, new(CellKind.Number, "42"),
            new(CellKind.Number, "1.5"), TabularCell.Empty, Text("Siti Aminah"), new(CellKind.Boolean, "FALSE"), new(CellKind.Number, "6301015705880003"),
        ]);
    }

    [Fact]
    public void Cells_and_rows_without_references_and_skipped_columns_land_where_the_spreadsheet_shows_them()
    {
        var rows = Read(Package([("Data", Sheet("""
            <row><c><v>1</v></c><c r="D1"><v>4</v></c><c><v>5</v></c></row>
            <row><c r="A2" s="0"/><c r="B2" t="inlineStr"><is><t></t></is></c></row>
            <row r="5" spans="1:3"><c r="C5" t="inlineStr"><is><t>c5</t></is></c></row>
            <row><c r="AA6" t="inlineStr"><is><t>aa6</t></is></c></row>
            <row r="8"/>
            <row r="9"><c t="inlineStr"><is><t>a9</t></is></c></row>
            """))]));

        rows.Select(r => r.Number).ShouldBe([1, 5, 6, 9]);
        rows[0].Cells.ShouldBe([new(CellKind.Number, "1"), TabularCell.Empty, TabularCell.Empty, new(CellKind.Number, "4"), new(CellKind.Number, "5")]);
        rows[1].Cells.ShouldBe([TabularCell.Empty, TabularCell.Empty, Text("c5")]);
        rows[2].Cells.Length.ShouldBe(27);
        rows[2][26].ShouldBe(Text("aa6"));
        rows[3].Cells.ShouldBe([Text("a9")]);
    }

    [Fact]
    public void Numbers_with_a_date_style_are_dates_whether_the_format_is_built_in_or_custom()
    {
        // 32280 is 17 May 1988. Styles: 1 = built-in 14, 2 = dd/mm/yyyy, 3 = [$-421]d mmmm yyyy, 4 = 0.00,
        // 5 = built-in 22 (date and time), 6 = "Tgl" 0 (a quoted d is no date), 7 = text, 8 = [h]:mm.
        var rows = Read(Package([("Data", Sheet("""
            <row r="1">
              <c r="A1" s="1"><v>32280</v></c><c r="B1" s="2"><v>32280</v></c><c r="C1" s="3"><v>32280</v></c>
              <c r="D1" s="4"><v>32280</v></c><c r="E1" s="5"><v>32280.5</v></c><c r="F1" s="6"><v>32280</v></c>
              <c r="G1" s="7"><v>32280</v></c><c r="H1"><v>32280</v></c><c r="I1" s="8"><v>0.25</v></c>
              <c r="J1" t="d"><v>1988-05-17T00:00:00</v></c><c r="K1" t="inlineStr"><is><t>17/05/1988</t></is></c>
              <c r="L1" s="99"><v>32280</v></c>
            </row>
            """))]));

        rows[0].Cells.ShouldBe([
            new(CellKind.Date, "1988-05-17"), new(CellKind.Date, "1988-05-17"), new(CellKind.Date, "1988-05-17"), new(CellKind.Number, "32280"),
            new(CellKind.Date, "1988-05-17 12:00:00"), new(CellKind.Number, "32280"), new(CellKind.Number, "32280"), new(CellKind.Number, "32280"),
            new(CellKind.Date, "1899-12-30 06:00:00"), new(CellKind.Date, "1988-05-17"), Text("17/05/1988"), new(CellKind.Number, "32280"),
        ]);
    }

    [Theory]
    [InlineData("dd/mm/yyyy", true)]
    [InlineData("d-mmm-yy", true)]
    [InlineData("[$-421]dd\\ mmmm\\ yyyy", true)]
    [InlineData("yyyy\\-mm\\-dd;@", true)]
    [InlineData("hh:mm:ss", true)]
    [InlineData("[h]:mm", true)]
    [InlineData("General", false)]
    [InlineData("@", false)]
    [InlineData("0.00", false)]
    [InlineData("#,##0;[Red]-#,##0", false)]
    [InlineData("\"Tgl \"0", false)]
    [InlineData("0.00E+00", false)]
    [InlineData("[$Rp-421]#,##0", false)]
    [InlineData("_-* #,##0_-;\\-* #,##0_-", false)]
    public void Date_formats_are_told_from_number_formats(string format, bool isDate) => XlsxReader.IsDateFormat(format).ShouldBe(isDate);

    [Fact]
    public void The_1904_date_system_is_honoured()
    {
        var rows = Read(Package([("Data", Sheet("""<row r="1"><c r="A1" s="1"><v>30818</v></c></row>"""))], workbookPr: "<workbookPr date1904=\"1\"/>"));

        rows[0][0].ShouldBe(new TabularCell(CellKind.Date, "1988-05-17"));
    }

    [Fact]
    public void Entities_escapes_phonetic_runs_CDATA_and_non_ASCII_text_are_decoded()
    {
        var shared = """
            <si><t>A &amp; B &lt;C&gt; &#x41;&#66; &quot;q&quot; &apos;</t></si>
            <si><t>Baris_x000D__x000A_dua</t></si>
            <si><r><t>漢</t></r><rPh sb="0" eb="1"><t>かん</t></rPh><phoneticPr fontId="1"/></si>
            <si><t><![CDATA[a<b>&amp;]]></t></si>
            <si><t>Siti Ñañá — 😀</t></si>
            <!-- a comment > with a bracket -->
            <si/>
            <si><t>setelah kosong</t></si>
            """;
        var rows = Read(Package([("Data", Sheet("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>
            <c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>
            """))], shared));

        rows[0].Cells.ShouldBe([Text("A & B <C> AB \"q\" '"), Text("Baris\r\ndua"), Text("漢"), Text("a<b>&amp;"), Text("Siti Ñañá — 😀"), TabularCell.Empty, Text("setelah kosong")]);
    }

    [Fact]
    public void The_Data_sheet_is_read_when_there_is_one_else_the_first_and_prefixed_XML_is_understood()
    {
        var guide = Sheet("""<row r="1"><c r="A1" t="inlineStr"><is><t>petunjuk</t></is></c></row>""");
        var prefixed = $"""
            <x:worksheet xmlns:x="{Main}"><x:dimension ref="A1:B3"/><x:sheetData>
            <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>data</x:t></x:is></x:c></x:row>
            </x:sheetData></x:worksheet>
            """;

        Read(Package([("Petunjuk", guide), (" data ", prefixed)]))[0][0].ShouldBe(Text("data"));
        Read(Package([("Petunjuk", guide), ("Lain", prefixed)]))[0][0].ShouldBe(Text("petunjuk"));
        using var file = TabularFile.Open(new MemoryStream(Package([("Data", prefixed)])), "dim.xlsx");
        file.EstimatedRows.ShouldBe(3);
    }

    [Fact]
    public void A_sheet_larger_than_the_read_buffer_with_a_cell_larger_than_it_is_read_whole()
    {
        var big = new string('x', 200_000);
        var sb = new StringBuilder();
        for (var r = 1; r <= 5_000; r++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"""<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>baris {r} &amp; ñ</t></is></c><c r="B{r}"><v>{r}</v></c>""");
            if (r == 2_500) sb.Append(CultureInfo.InvariantCulture, $"""<c r="C{r}" t="inlineStr"><is><t>{big}</t></is></c>""");
            sb.Append("</row>");
        }

        var rows = Read(Package([("Data", Sheet(sb.ToString()))]));

        rows.Count.ShouldBe(5_000);
        rows.Select(r => r[0].Text).ShouldBe(Enumerable.Range(1, 5_000).Select(r => $"baris {r} & ñ"));
        rows.Select(r => r[1].Text).ShouldBe(Enumerable.Range(1, 5_000).Select(r => r.ToString(CultureInfo.InvariantCulture)));
        rows[2_499][2].Text.ShouldBe(big);
    }

    [Fact]
    public void A_broken_sheet_part_is_refused_as_unreadable()
    {
        var bytes = Package([("Data", Sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))]);
        // Cut the zip short: its central directory is gone.
        Should.Throw<TabularFileException>(() => Read(bytes[..(bytes.Length / 2)])).Message.ShouldContain("tidak dapat dibaca sebagai lembar kerja Excel");
    }

    public static TheoryData<string> Files => ["excel", "libreoffice", "writer-inline", "writer-shared"];

    [Theory]
    [MemberData(nameof(Files))]
    public void It_reads_the_same_cells_as_ExcelDataReader(string kind)
    {
        var lines = Enumerable.Range(1, 40).Select(i =>
        {
            var line = Line.Valid(i % 2 == 0 ? "63.01" : "63.71", i, withNip: i % 3 == 0);
            if (i % 5 == 0) line.Phone = 81234567890d + i;
            if (i % 7 == 0) line.Email = null;
            if (i % 11 == 0) line.Name = "  Nama & <Tanda> \"kutip\"  ";
            return line;
        }).ToList();
        byte[] bytes;
        switch (kind)
        {
            case "excel": bytes = RosterFiles.ExcelStyle(lines); break;
            case "libreoffice": bytes = RosterFiles.LibreOfficeStyle(lines); break;
            default:
                using (var ms = new MemoryStream())
                {
                    using (var x = XlsxWriter.Create(ms, new XlsxOptions { SharedStrings = kind == "writer-shared" }))
                    {
                        x.AddSheet("Data", RosterFiles.Headers.Select(h => new XlsxColumn(h)).ToList(), lines.Select(l => (IReadOnlyList<object?>)l.Cells));
                    }
                    bytes = ms.ToArray();
                }
                break;
        }

        var ours = Read(bytes);
        var theirs = ReadWithExcelDataReader(bytes);

        ours.Count.ShouldBe(theirs.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            ours[i].Number.ShouldBe(theirs[i].Number);
            ours[i].Cells.ShouldBe(theirs[i].Cells, $"baris {ours[i].Number}");
        }
    }

    private static List<TabularRow> ReadWithExcelDataReader(byte[] xlsx)
    {
        using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(xlsx));
        do
        {
            if (string.Equals(reader.Name?.Trim(), "Data", StringComparison.OrdinalIgnoreCase)) break;
        }
        while (reader.NextResult());
        if (!string.Equals(reader.Name?.Trim(), "Data", StringComparison.OrdinalIgnoreCase)) reader.Reset();
        var rows = new List<TabularRow>();
        var number = 0;
        while (reader.Read())
        {
            number++;
            var cells = Enumerable.Range(0, reader.FieldCount).Select(i => TabularFile.ToCell(reader.GetValue(i))).ToList();
            while (cells.Count > 0 && cells[^1].IsEmpty) cells.RemoveAt(cells.Count - 1);
            if (cells.Count > 0) rows.Add(new TabularRow(number, cells.ToArray()));
        }
        return rows;
    }
}
