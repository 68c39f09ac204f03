using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kompeten.Tests.Support;
using PersonSex = Kompeten.Web.Features.Registry.Sex;

namespace Kompeten.Tests.Registry.Import;

/// <summary>One line of a roster file, valid unless a test changes it. Values: string = text cell, DateOnly = date, double = number cell.</summary>
public sealed class Line
{
    public object? Nik, Nip, Name, DiplomaName, Gender, BirthPlace, BirthDate, Phone, Email, Education, EducationField, LibraryScience,
        Category, Functional, Employment, Library, Regency, WorkStart;

    public static Line Valid(string regency, int sequence, PersonSex sex = PersonSex.Female, DateOnly? birth = null, string? name = null, bool withNip = false)
    {
        var bd = birth ?? new DateOnly(1985 + sequence % 15, 1 + sequence % 12, 1 + sequence % 28);
        return new Line
        {
            Nik = TestData.Nik(regency, bd, sex, sequence),
            Nip = withNip ? $"{bd:yyyyMMdd}{bd.Year + 25}03{(sex == PersonSex.Male ? 1 : 2)}{sequence % 999 + 1:000}" : null,
            Name = name ?? $"Pegawai Uji {sequence}",
            DiplomaName = (name ?? $"Pegawai Uji {sequence}").ToUpperInvariant(),
            Gender = sex == PersonSex.Female ? "P" : "L",
            BirthPlace = "Banjarbaru",
            BirthDate = bd,
            Phone = $"0812 5555 {sequence:0000}",
            Email = $"pegawai{sequence}@contoh.id",
            Education = "S1",
            EducationField = "Ilmu Perpustakaan",
            LibraryScience = "Ya",
            Category = "pustakawan",
            Functional = "ahli-pertama",
            Employment = "pns",
            Library = null,
            Regency = regency,
            WorkStart = new DateOnly(2015, 7, 1),
        };
    }

    public string NikText => (string)Nik!;

    public object?[] Cells => [Nik, Nip, Name, DiplomaName, Gender, BirthPlace, BirthDate, Phone, Email, Education, EducationField, LibraryScience, Category, Functional, Employment, Library, Regency, WorkStart];
}

public static partial class RosterFiles
{
    public static readonly string[] Headers =
    [
        "NIK", "NIP", "Nama Lengkap", "Nama sesuai Ijazah", "Jenis Kelamin (L/P)", "Tempat Lahir", "Tanggal Lahir", "Telepon/WA", "E-mail",
        "Pendidikan Terakhir", "Bidang Pendidikan", "Pendidikan Ilmu Perpustakaan (Ya/Tidak)", "Kategori Tenaga", "Jabatan Fungsional",
        "Status Kepegawaian", "NPP/Nama Perpustakaan", "Kode Kab/Kota", "Mulai Bekerja",
    ];

    private static readonly DateTime Epoch = new(1899, 12, 30);

    /// <summary>What Excel writes: shared strings, dates as serial numbers with a date style, a dimension; data on a sheet "Data" after another sheet.</summary>
    public static byte[] ExcelStyle(IEnumerable<Line> lines, string[]? headers = null) =>
        Workbook(headers ?? Headers, lines.Select(l => l.Cells), sharedStrings: true, datesAsText: false);

    /// <summary>What LibreOffice can write: inline strings, dates typed as text (dd/mm/yyyy), a single sheet.</summary>
    public static byte[] LibreOfficeStyle(IEnumerable<Line> lines, string[]? headers = null) =>
        Workbook(headers ?? Headers, lines.Select(l => l.Cells), sharedStrings: false, datesAsText: true);

    public static byte[] Workbook(string[] headers, IEnumerable<object?[]> rows, bool sharedStrings, bool datesAsText)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 2 });
            var shared = new List<string>();
            var sharedIndex = new Dictionary<string, int>();
            var sheets = new Sheets();

            if (sharedStrings)
            {
                var guide = wb.AddNewPart<WorksheetPart>();
                guide.Worksheet = new Worksheet(new SheetData(new Row(new Cell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("Petunjuk: isi lembar Data")) }) { RowIndex = 1 }));
                sheets.Append(new Sheet { Id = wb.GetIdOfPart(guide), SheetId = 1, Name = "Petunjuk" });
            }

            var part = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var all = new List<object?[]> { headers.Cast<object?>().ToArray() };
            all.AddRange(rows);
            for (var r = 0; r < all.Count; r++)
            {
                var row = new Row { RowIndex = (uint)r + 1 };
                for (var c = 0; c < all[r].Length; c++)
                {
                    var value = all[r][c];
                    if (value is null) continue;
                    var cell = new Cell { CellReference = Column(c) + (r + 1) };
                    switch (value)
                    {
                        case DateOnly d when datesAsText:
                            Text(cell, d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
                            break;
                        case DateOnly d:
                            cell.CellValue = new CellValue((d.ToDateTime(TimeOnly.MinValue) - Epoch).TotalDays.ToString(CultureInfo.InvariantCulture));
                            cell.StyleIndex = 1;
                            break;
                        case double n:
                            cell.CellValue = new CellValue(n.ToString("R", CultureInfo.InvariantCulture));
                            break;
                        default:
                            Text(cell, Convert.ToString(value, CultureInfo.InvariantCulture)!);
                            break;
                    }
                    row.Append(cell);
                }
                data.Append(row);
            }
            var width = all.Max(r => r.Length);
            part.Worksheet = new Worksheet(new SheetDimension { Reference = $"A1:{Column(width - 1)}{all.Count}" }, data);
            sheets.Append(new Sheet { Id = wb.GetIdOfPart(part), SheetId = (uint)sheets.ChildElements.Count + 1, Name = sharedStrings ? "Data" : "Lembar1" });

            if (sharedStrings)
            {
                var sst = wb.AddNewPart<SharedStringTablePart>();
                sst.SharedStringTable = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s)))) { Count = (uint)shared.Count, UniqueCount = (uint)shared.Count };
            }
            wb.Workbook.Append(sheets);
            wb.Workbook.Save();

            void Text(Cell cell, string text)
            {
                if (sharedStrings)
                {
                    if (!sharedIndex.TryGetValue(text, out var i)) { i = shared.Count; sharedIndex[text] = i; shared.Add(text); }
                    cell.DataType = CellValues.SharedString;
                    cell.CellValue = new CellValue(i.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(text));
                }
            }
        }
        return ms.ToArray();
    }

    /// <summary>CSV as Excel or a script writes it; dates as dd/mm/yyyy (comma) or yyyy-mm-dd (semicolon).</summary>
    public static byte[] Csv(IEnumerable<Line> lines, char separator, bool bom, string[]? headers = null)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(separator, (headers ?? Headers).Select(h => Quote(h, separator)))).Append("\r\n");
        foreach (var l in lines)
        {
            sb.Append(string.Join(separator, l.Cells.Select(v => Quote(v switch
            {
                null => "",
                DateOnly d => d.ToString(separator == ',' ? "dd/MM/yyyy" : "yyyy-MM-dd", CultureInfo.InvariantCulture),
                double n => n.ToString("0.#####E+00", CultureInfo.InvariantCulture),
                _ => Convert.ToString(v, CultureInfo.InvariantCulture)!,
            }, separator)))).Append("\r\n");
        }
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        return bom ? [.. Encoding.UTF8.GetPreamble(), .. bytes] : bytes;
    }

    private static string Quote(string value, char separator) =>
        value.Contains(separator) || value.Contains('"') || value.Contains('\n') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    public static string Column(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    /// <summary>Reads a sheet with DocumentFormat.OpenXml (independently of the app's reader): rows of cell texts by column.</summary>
    public static List<string?[]> ReadSheet(byte[] xlsx, string? sheetName = null)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var wb = doc.WorkbookPart!;
        var sheet = wb.Workbook.Sheets!.Elements<Sheet>().First(s => sheetName is null || s.Name == sheetName);
        var part = (WorksheetPart)wb.GetPartById(sheet.Id!);
        var shared = wb.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var result = new List<string?[]>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = new List<string?>();
            foreach (var cell in row.Elements<Cell>())
            {
                var index = ColumnIndex(cell.CellReference!.Value!);
                while (cells.Count <= index) cells.Add(null);
                cells[index] = cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
                    : cell.CellValue?.Text;
            }
            result.Add(cells.ToArray());
        }
        return result;
    }

    private static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter)) n = n * 26 + (c - 'A' + 1);
        return n - 1;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>Uploads through the real import page, as a browser does (multipart with the antiforgery token).</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] content, string fileName)
    {
        var page = await client.GetStringAsync("/Registry/Import");
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(fileName.EndsWith(".csv") ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/Registry/Import", form);
    }

    /// <summary>Uploads and returns the session id from the redirect to its preview page.</summary>
    public static async Task<Guid> UploadToPreviewAsync(this HttpClient client, byte[] content, string fileName)
    {
        var response = await client.UploadAsync(content, fileName);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return Guid.Parse(response.Headers.Location!.ToString().Split('/').Last());
    }

    public static async Task<HttpResponseMessage> ConfirmAsync(this HttpClient client, Guid session) =>
        await client.PostFormAsync($"/Registry/Import/{session}?handler=Confirm", [], getUrl: $"/Registry/Import/{session}");
}
