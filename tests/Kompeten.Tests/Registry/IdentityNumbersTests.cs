using Kompeten.Web.Features.Registry;

namespace Kompeten.Tests.Registry;

public class IdentityNumbersTests
{
    private static readonly HashSet<string> Known = ["63.01", "63.02", "63.71", "31.71"];
    private static bool Exists(string code) => Known.Contains(code);

    [Theory]
    // man born 17-05-1988 in Tanah Laut
    [InlineData("6301011705880003", "1988-05-17", Sex.Male)]
    // woman: day + 40
    [InlineData("6302015705880001", "1988-05-17", Sex.Female)]
    // spaces and dots as people type them
    [InlineData("6301 0117 0588 0003", "1988-05-17", Sex.Male)]
    // 29 February of a leap year
    [InlineData("6371016902000012", "2000-02-29", Sex.Female)]
    public void A_valid_NIK_passes(string nik, string birth, Sex sex) =>
        IdentityNumbers.ValidateNik(nik, DateOnly.Parse(birth), sex, Exists).ShouldBeEmpty();

    [Theory]
    [InlineData("", "wajib diisi")]
    [InlineData("630101170588000", "16 digit")]
    [InlineData("63010117058800031", "16 digit")]
    [InlineData("63010117O5880003", "hanya boleh berisi angka")]
    [InlineData("6399011705880003", "bukan kode wilayah")]
    [InlineData("6301013205880003", "bukan tanggal lahir yang mungkin")]
    [InlineData("6301017213880003", "bukan tanggal lahir yang mungkin")]
    [InlineData("6301013002880003", "bukan tanggal lahir yang mungkin")]
    [InlineData("6301011705880000", "0000")]
    public void An_invalid_NIK_is_refused_with_a_reason(string nik, string expected) =>
        IdentityNumbers.ValidateNik(nik, null, null, Exists).ShouldContain(e => e.Contains(expected));

    [Fact]
    public void A_NIK_whose_birth_date_disagrees_is_refused() =>
        IdentityNumbers.ValidateNik("6301011705880003", new DateOnly(1988, 5, 18), Sex.Male, Exists)
            .ShouldHaveSingleItem().ShouldContain("tidak sama dengan tanggal lahir");

    [Fact]
    public void A_womans_NIK_given_for_a_man_is_refused() =>
        IdentityNumbers.ValidateNik("6302015705880001", new DateOnly(1988, 5, 17), Sex.Male, Exists)
            .ShouldHaveSingleItem().ShouldContain("milik perempuan");

    [Fact]
    public void A_mans_NIK_given_for_a_woman_is_refused() =>
        IdentityNumbers.ValidateNik("6301011705880003", new DateOnly(1988, 5, 17), Sex.Female, Exists)
            .ShouldHaveSingleItem().ShouldContain("milik laki-laki");

    [Fact]
    public void Without_a_stated_birth_date_the_century_is_open() =>
        IdentityNumbers.ValidateNik("6301016902000012", null, null, Exists).ShouldBeEmpty();

    [Theory]
    [InlineData("198805172010011003", "1988-05-17", Sex.Male)]
    [InlineData("198805172010012001", "1988-05-17", Sex.Female)]
    [InlineData("19880517 201001 1 003", "1988-05-17", Sex.Male)]
    [InlineData("", "1988-05-17", Sex.Male)]
    public void A_valid_NIP_passes(string nip, string birth, Sex sex) =>
        IdentityNumbers.ValidateNip(nip, DateOnly.Parse(birth), sex).ShouldBeEmpty();

    [Theory]
    [InlineData("19880517201001100", "18 digit")]
    [InlineData("1988051720100110A3", "hanya boleh berisi angka")]
    [InlineData("198813172010011003", "bukan tanggal lahir")]
    [InlineData("198805172010131003", "bulan dan tahun pengangkatan")]
    [InlineData("198805171990011003", "bulan dan tahun pengangkatan")]
    [InlineData("198805172010013003", "Digit ke-15")]
    [InlineData("198805172010011000", "000")]
    public void An_invalid_NIP_is_refused_with_a_reason(string nip, string expected) =>
        IdentityNumbers.ValidateNip(nip, null, null).ShouldContain(e => e.Contains(expected));

    [Fact]
    public void A_NIP_disagreeing_with_birth_date_and_sex_is_refused()
    {
        var errors = IdentityNumbers.ValidateNip("198805172010011003", new DateOnly(1988, 5, 18), Sex.Female);
        errors.ShouldContain(e => e.Contains("Tanggal lahir pada NIP"));
        errors.ShouldContain(e => e.Contains("jenis kelamin"));
    }

    [Theory]
    [InlineData("6371042D1000001", "63.71", true)]
    [InlineData("6301010000001", "63.01", true)]
    [InlineData("6302010000001", "63.01", false)]
    [InlineData("63-01", "63.01", false)]
    public void NPP_must_agree_with_the_regency(string npp, string regency, bool ok) =>
        IdentityNumbers.ValidateNpp(npp, regency).Count.ShouldBe(ok ? 0 : 1);

    [Theory]
    [InlineData("6371/042/D1000001")]
    [InlineData("6371042")]
    public void A_malformed_NPP_is_told_which_characters_are_accepted(string npp)
    {
        var error = IdentityNumbers.ValidateNpp(npp, "63.71").ShouldHaveSingleItem();
        error.ShouldContain("8–20 huruf dan angka");
        error.ShouldContain("Spasi, titik, dan tanda hubung boleh ditulis");
        error.ShouldNotContain("tanpa spasi");
    }

    [Fact]
    public void An_NPP_written_with_spaces_dots_and_dashes_is_accepted() =>
        IdentityNumbers.ValidateNpp("6371.042-D1000001", "63.71").ShouldBeEmpty();

    [Theory]
    [InlineData("6371042D1000001", "6371042D1000001")]
    [InlineData(" 63.71.04-2d 1000001 ", "6371042D1000001")]
    [InlineData(" .- ", null)]
    [InlineData(null, null)]
    public void An_NPP_is_stored_and_searched_without_separators_in_capitals(string? typed, string? normalized) =>
        IdentityNumbers.NormalizeNpp(typed).ShouldBe(normalized);

    [Fact]
    public void Masking_shows_region_and_sequence_only() =>
        IdentityNumbers.MaskNik("6302010101900003").ShouldBe("630201••••••0003");
}
