using System.Security.Cryptography;
using Bogus;
using Person = Kompeten.Web.Features.Registry.Person;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using BogusGender = Bogus.DataSets.Name.Gender;

namespace Kompeten.Web.Data;

/// <summary>A regency/city for the generator: its weight (≈ population) spreads libraries and people.</summary>
/// <param name="Town">Its main town: school names, birth places.</param>
/// <param name="Districts">District names; district i gets NIK/NPP district digits i+1 (ordinal, not the Kemendagri code).</param>
public sealed record RegencySpec(string Code, string Name, string Town, double Weight, IReadOnlyList<string> Districts, bool IsCity = false);

/// <param name="CapitalCode">Regency that holds the provincial public library.</param>
public sealed record ProvinceSpec(string Code, string Name, string CapitalCode, IReadOnlyList<RegencySpec> Regencies)
{
    /// <summary>
    /// Kalimantan Selatan: 13 regencies/cities weighted by their 2020 census population (thousands),
    /// with their districts (kecamatan).
    /// </summary>
    public static ProvinceSpec Kalsel { get; } = new("63", "Kalimantan Selatan", "63.71",
    [
        new("63.01", "Kabupaten Tanah Laut", "Pelaihari", 348, ["Pelaihari", "Takisung", "Jorong", "Kurau", "Bati-Bati", "Panyipatan", "Kintap", "Tambang Ulang", "Batu Ampar", "Bajuin", "Bumi Makmur"]),
        new("63.02", "Kabupaten Kotabaru", "Kotabaru", 325, ["Pulau Laut Utara", "Pulau Laut Selatan", "Pulau Laut Timur", "Pulau Laut Barat", "Pulau Laut Tengah", "Pulau Laut Kepulauan", "Pulau Laut Tanjung Selayar", "Pulau Laut Sigam", "Pulau Sebuku", "Pulau Sembilan", "Kelumpang Hulu", "Kelumpang Hilir", "Kelumpang Selatan", "Kelumpang Tengah", "Kelumpang Utara", "Kelumpang Barat", "Pamukan Selatan", "Pamukan Utara", "Pamukan Barat", "Sungai Durian", "Hampang", "Sampanahan"]),
        new("63.03", "Kabupaten Banjar", "Martapura", 565, ["Martapura", "Martapura Barat", "Martapura Timur", "Gambut", "Kertak Hanyar", "Sungai Tabuk", "Astambul", "Karang Intan", "Aluh-Aluh", "Beruntung Baru", "Mataraman", "Pengaron", "Sungai Pinang", "Simpang Empat", "Sambung Makmur", "Aranio", "Paramasan", "Cintapuri Darussalam", "Telaga Bauntung", "Tatah Makmur"]),
        new("63.04", "Kabupaten Barito Kuala", "Marabahan", 313, ["Marabahan", "Alalak", "Anjir Muara", "Anjir Pasar", "Tamban", "Mekarsari", "Jejangkit", "Cerbon", "Bakumpai", "Kuripan", "Tabukan", "Mandastana", "Belawang", "Wanaraya", "Barambai", "Rantau Badauh", "Tabunganen"]),
        new("63.05", "Kabupaten Tapin", "Rantau", 189, ["Tapin Utara", "Tapin Tengah", "Tapin Selatan", "Candi Laras Selatan", "Candi Laras Utara", "Bakarangan", "Binuang", "Hatungun", "Lokpaikat", "Salam Babaris", "Bungur", "Piani"]),
        new("63.06", "Kabupaten Hulu Sungai Selatan", "Kandangan", 228, ["Kandangan", "Angkinang", "Telaga Langsat", "Padang Batung", "Loksado", "Simpur", "Sungai Raya", "Kalumpang", "Daha Selatan", "Daha Utara", "Daha Barat"]),
        new("63.07", "Kabupaten Hulu Sungai Tengah", "Barabai", 258, ["Barabai", "Batang Alai Selatan", "Batang Alai Utara", "Batang Alai Timur", "Batu Benawa", "Hantakan", "Haruyan", "Labuan Amas Selatan", "Labuan Amas Utara", "Pandawan", "Limpasu"]),
        new("63.08", "Kabupaten Hulu Sungai Utara", "Amuntai", 226, ["Amuntai Tengah", "Amuntai Selatan", "Amuntai Utara", "Banjang", "Babirik", "Danau Panggang", "Haur Gading", "Paminggir", "Sungai Pandan", "Sungai Tabukan"]),
        new("63.09", "Kabupaten Tabalong", "Tanjung", 253, ["Tanjung", "Murung Pudak", "Kelua", "Banua Lawas", "Pugaan", "Muara Harus", "Tanta", "Haruai", "Upau", "Bintang Ara", "Muara Uya", "Jaro"]),
        new("63.10", "Kabupaten Tanah Bumbu", "Batulicin", 322, ["Batulicin", "Simpang Empat", "Kusan Hilir", "Kusan Hulu", "Kusan Tengah", "Sungai Loban", "Satui", "Angsana", "Kuranji", "Mantewe", "Karang Bintang", "Teluk Kepayang"]),
        new("63.11", "Kabupaten Balangan", "Paringin", 130, ["Paringin", "Paringin Selatan", "Lampihong", "Batu Mandi", "Awayan", "Juai", "Halong", "Tebing Tinggi"]),
        new("63.71", "Kota Banjarmasin", "Banjarmasin", 657, ["Banjarmasin Selatan", "Banjarmasin Timur", "Banjarmasin Barat", "Banjarmasin Tengah", "Banjarmasin Utara"], IsCity: true),
        new("63.72", "Kota Banjarbaru", "Banjarbaru", 253, ["Landasan Ulin", "Liang Anggang", "Cempaka", "Banjarbaru Utara", "Banjarbaru Selatan"], IsCity: true),
    ]);

    /// <summary>
    /// Any province from the region list (the national benchmark): equal weights unless given,
    /// districts named by number, the first city (else the first regency) as capital.
    /// </summary>
    public static ProvinceSpec FromRegions(string code, string name, IEnumerable<(string Code, string Name, double Weight)> regencies, int districtsPerRegency = 10)
    {
        var districts = Enumerable.Range(1, districtsPerRegency).Select(i => $"Distrik {i:00}").ToArray();
        var list = regencies.Select(r =>
        {
            var isCity = r.Name.StartsWith("Kota ", StringComparison.Ordinal);
            var town = r.Name.Replace("Kabupaten ", "", StringComparison.Ordinal).Replace("Kota ", "", StringComparison.Ordinal);
            return new RegencySpec(r.Code, r.Name, town, r.Weight, districts, isCity);
        }).ToList();
        return new ProvinceSpec(code, name, (list.FirstOrDefault(r => r.IsCity) ?? list[0]).Code, list);
    }
}

/// <summary>How much to generate for a province; <paramref name="CertifiedPeople"/> hold one or two certificates.</summary>
public sealed record DemoCounts(int Libraries, int People, int CertifiedPeople)
{
    /// <summary>DOMAIN.md §1: about 1,200 library staff, 123 certified.</summary>
    public static DemoCounts Kalsel { get; } = new(600, 1200, 123);
}

/// <summary>A generated person with the plain NIK, which the entity only holds protected (NikProtector).</summary>
public readonly record struct DemoPerson(Person Person, string Nik);

/// <summary>The generated province. People point at their library through <see cref="Person.Library"/>, certificates hang on <see cref="Person.Certificates"/>.</summary>
public sealed record DemoProvince(List<Library> Libraries, List<DemoPerson> People);

/// <summary>
/// NIK/NIP sequence counters. NIK prefixes embed the province, so one province never collides with
/// another; NIPs are national, so a multi-province generator passes one instance to every province.
/// </summary>
public sealed class IdentitySequences
{
    internal readonly Dictionary<long, int> Nik = [];
    internal readonly Dictionary<long, int> Nip = [];
}

/// <summary>
/// Realistic, deterministic registry data for one province, without a database: libraries of
/// every type and staff with valid NIK/NIP, education, employment and functional levels, some
/// with certificates. Bogus (id_ID) with a fixed seed makes the names; everything else is drawn
/// from the same seeded random source, so a seed and a date always give the same province —
/// except certificate verification codes, which must stay unguessable and come from a CSPRNG.
/// Built to be called per province by a national benchmark: no reflection-based Faker&lt;T&gt;
/// rules, precomputed cumulative weights, numbers formatted into exact-length strings, lists
/// sized up front.
/// </summary>
public sealed class DemoGenerator
{
    public const int DefaultSeed = 630_2026;

    /// <summary>Certificates are issued in these years (the programme's known history).</summary>
    public const int FirstIssueYear = 2019, LastIssueYear = 2025;

    public static DemoProvince Generate(ProvinceSpec province, DemoCounts counts, DateTimeOffset now, IReadOnlyList<Scheme> schemes,
        int seed = DefaultSeed, IdentitySequences? sequences = null) =>
        new DemoGenerator(province, now, seed, sequences ?? new IdentitySequences()).Run(counts, schemes);

    private readonly ProvinceSpec _province;
    private readonly DateTimeOffset _now;
    private readonly DateOnly _today;
    private readonly Faker _faker;
    private readonly Randomizer _r;
    private readonly IdentitySequences _sequences;
    private int _nppSequence;
    private int _certificateSequence;

    private DemoGenerator(ProvinceSpec province, DateTimeOffset now, int seed, IdentitySequences sequences)
    {
        _province = province;
        // Timestamps in UTC (PostgreSQL timestamptz takes no other offset); "today" is the caller's local date.
        _now = now.ToUniversalTime();
        _today = DateOnly.FromDateTime(now.DateTime);
        _faker = new Faker("id_ID") { Random = new Randomizer(seed) };
        _r = _faker.Random;
        _sequences = sequences;
    }

    private DemoProvince Run(DemoCounts counts, IReadOnlyList<Scheme> schemes)
    {
        var weights = new double[_province.Regencies.Count];
        for (var i = 0; i < weights.Length; i++) weights[i] = _province.Regencies[i].Weight;

        // Every regency gets its public library (the capital also the provincial one) and a few more.
        var libraryCounts = Apportion(counts.Libraries, weights, minimum: 3);
        var libraries = new List<Library>(counts.Libraries + 1);
        var byRegency = new List<Library>[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var start = libraries.Count;
            GenerateLibraries(_province.Regencies[i], libraryCounts[i], libraries);
            byRegency[i] = libraries.GetRange(start, libraries.Count - start);
        }

        var peopleCounts = Apportion(counts.People, weights, minimum: 1);
        var people = new List<DemoPerson>(counts.People);
        for (var i = 0; i < weights.Length; i++) GeneratePeople(_province.Regencies[i], byRegency[i], peopleCounts[i], people);

        Certify(people, counts.CertifiedPeople, schemes);
        return new DemoProvince(libraries, people);
    }

    // ---------------------------------------------------------------- libraries

    private static readonly string[] PlaceTypes = ["sekolah", "umum-desa", "umum-kecamatan", "perguruan-tinggi", "khusus", "komunitas"];
    private static readonly double[] RegencyTypeWeights = Cumulative([56, 17, 8, 2, 5, 12]);
    private static readonly double[] CityTypeWeights = Cumulative([58, 8, 4, 9, 9, 12]);

    private static readonly (string Kind, LibraryOwnership Ownership, bool NamedByDistrict, bool Numbered)[] SchoolKinds =
    [
        ("SD Negeri", LibraryOwnership.Negeri, true, true),
        ("SMP Negeri", LibraryOwnership.Negeri, false, true),
        ("SMA Negeri", LibraryOwnership.Negeri, false, true),
        ("SMK Negeri", LibraryOwnership.Negeri, false, true),
        ("MI Negeri", LibraryOwnership.Negeri, false, true),
        ("MTs Negeri", LibraryOwnership.Negeri, false, true),
        ("MA Negeri", LibraryOwnership.Negeri, false, true),
        ("SD Muhammadiyah", LibraryOwnership.Swasta, false, true),
        ("SMA PGRI", LibraryOwnership.Swasta, false, true),
        ("SD Islam Terpadu", LibraryOwnership.Swasta, false, false),
        ("MTs", LibraryOwnership.Swasta, false, false),
    ];
    private static readonly double[] SchoolKindWeights = Cumulative([34, 14, 6, 5, 6, 6, 3, 3, 2, 3, 4]);

    private static readonly string[] FoundationNames = ["Al-Hikmah", "Darul Ulum", "Nurul Iman", "Al-Falah", "Darussalam", "Al-Amin", "Raudhatul Jannah", "Nurul Hidayah", "Al-Ikhlas", "Miftahul Jannah", "Darul Hijrah", "Al-Mujahidin", "Insan Cendekia", "Ar-Rahman"];
    private static readonly string[] VillageFirst = ["Sungai", "Tanjung", "Teluk", "Banua", "Lok", "Handil", "Pematang", "Padang", "Tatah", "Gunung", "Batu", "Telaga", "Murung", "Karang", "Pulau", "Tambak", "Bumi", "Sumber"];
    private static readonly string[] VillageSecond = ["Rangas", "Bangkal", "Tiung", "Besar", "Anyar", "Rahayu", "Sari", "Jaya", "Makmur", "Baru", "Lama", "Panjang", "Alus", "Kenanga", "Selong", "Bakti", "Harapan", "Mulia", "Indah", "Raya", "Hulu", "Hilir", "Tengah", "Kecil", "Damai", "Permai"];
    private static readonly string[] CollegePatterns = ["Universitas {0}", "Universitas Islam {0}", "Sekolah Tinggi Ilmu Kesehatan {0}", "Sekolah Tinggi Ilmu Ekonomi {0}", "Sekolah Tinggi Agama Islam {0}", "Akademi Keperawatan {0}", "Politeknik {0}"];
    private static readonly string[] CollegeNames = ["Cahaya Bangsa", "Nusantara", "Bina Bangsa", "Harapan Bangsa", "Mitra Indonesia", "Widya Dharma", "Sari Mulia", "Insan Mandiri", "Indonesia Maju", "Pancasila", "Muhammadiyah", "Darul Ulum"];
    private static readonly string[] SpecialPatterns = ["Perpustakaan Dinas Kesehatan {0}", "Perpustakaan Dinas Pendidikan {0}", "Perpustakaan Bappeda {0}", "Perpustakaan Sekretariat DPRD {0}", "Perpustakaan Inspektorat {0}", "Perpustakaan Kantor Kementerian Agama {0}", "Perpustakaan Badan Pusat Statistik {0}", "Perpustakaan Dinas Pertanian {0}", "Perpustakaan RSUD {1}", "Perpustakaan Pengadilan Negeri {1}", "Perpustakaan Pengadilan Agama {1}", "Perpustakaan Masjid Agung {1}"];
    private static readonly string[] CommunityPrefixes = ["TBM", "Rumah Baca", "Taman Baca", "Pojok Literasi", "Kampung Literasi"];
    private static readonly string[] CommunityNames = ["Cahaya Ilmu", "Pelita", "Bintang", "Anak Bangsa", "Lentera", "Mutiara", "Sahabat Pustaka", "Jendela Dunia", "Bina Insani", "Rumah Pintar", "Kayuh Baimbai", "Sasirangan", "Bekantan", "Lanting", "Intan", "Pelangi", "Tunas Harapan", "Sinar Ilmu"];
    private static readonly string[] Streets = ["A. Yani", "Pangeran Antasari", "Lambung Mangkurat", "Sultan Adam", "Brigjen H. Hasan Basry", "Pramuka", "Veteran", "Jenderal Sudirman", "Gatot Subroto", "Trikora", "Panglima Batur", "Demang Lehman", "Kolonel Sugiono", "Pahlawan", "Merdeka", "Pendidikan", "Mawar", "Melati", "Kenanga", "Perintis Kemerdekaan", "Pangeran Hidayatullah", "Cempaka Putih"];

    private void GenerateLibraries(RegencySpec regency, int count, List<Library> into)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var schoolNumbers = new int[SchoolKinds.Length];
        var districtCursor = _r.Int(0, regency.Districts.Count - 1);
        var redraws = 0;

        Add("umum-kabkota", $"Perpustakaan Umum Daerah {regency.Name}", LibraryOwnership.Negeri, _r.Int(0, regency.Districts.Count - 1));
        if (regency.Code == _province.CapitalCode)
        {
            Add("umum-provinsi", $"Perpustakaan Umum Provinsi {_province.Name}", LibraryOwnership.Negeri, _r.Int(0, regency.Districts.Count - 1));
        }
        var typeWeights = regency.IsCity ? CityTypeWeights : RegencyTypeWeights;
        while (names.Count < count)
        {
            var type = PlaceTypes[Pick(typeWeights)];
            var district = _r.Int(0, regency.Districts.Count - 1);
            var place = regency.Districts[district];
            switch (type)
            {
                case "sekolah":
                {
                    var k = Pick(SchoolKindWeights);
                    var (kind, ownership, byDistrict, numbered) = SchoolKinds[k];
                    var school = numbered
                        ? $"{kind} {++schoolNumbers[k]} {(byDistrict ? place : regency.Town)}"
                        : $"{kind} {_r.ArrayElement(FoundationNames)} {regency.Town}";
                    Add(type, "Perpustakaan " + school, ownership, district, drawn: !numbered);
                    break;
                }
                case "umum-desa":
                    Add(type, $"Perpustakaan {(regency.IsCity ? "Kelurahan" : "Desa")} {_r.ArrayElement(VillageFirst)} {_r.ArrayElement(VillageSecond)}", LibraryOwnership.Negeri, district, drawn: true);
                    break;
                case "umum-kecamatan":
                    // One per district as long as districts last: walk them in turn.
                    district = districtCursor++ % regency.Districts.Count;
                    Add(type, $"Perpustakaan Kecamatan {regency.Districts[district]}", LibraryOwnership.Negeri, district);
                    break;
                case "perguruan-tinggi":
                {
                    var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, _r.ArrayElement(CollegePatterns), _r.Bool(0.3f) ? regency.Town : _r.ArrayElement(CollegeNames));
                    Add(type, "Perpustakaan " + name, _r.Bool(0.3f) ? LibraryOwnership.Negeri : LibraryOwnership.Swasta, district, drawn: true);
                    break;
                }
                case "khusus":
                    Add(type, string.Format(System.Globalization.CultureInfo.InvariantCulture, _r.ArrayElement(SpecialPatterns), regency.Name, regency.Town), LibraryOwnership.Negeri, district, drawn: true);
                    break;
                default:
                    Add(type, $"{_r.ArrayElement(CommunityPrefixes)} {_r.ArrayElement(CommunityNames)} {place}", LibraryOwnership.Swasta, district, drawn: true);
                    break;
            }
        }

        // A drawn name already in use is drawn again (a while); beyond that, or for names that follow
        // from the place, a number keeps it unique, as real duplicates are told apart too.
        void Add(string type, string name, LibraryOwnership ownership, int district, bool drawn = false)
        {
            if (drawn && names.Contains(name) && redraws++ < 100) return;
            var unique = name;
            for (var n = 2; !names.Add(unique); n++) unique = $"{name} {n}";
            into.Add(new Library
            {
                Name = unique,
                TypeCode = type,
                Npp = _r.Double() < 0.85 ? Npp(regency, district, type) : null,
                Ownership = ownership,
                Address = $"Jl. {_r.ArrayElement(Streets)} No. {_r.Int(1, 120)}, {regency.Districts[district]}",
                RegencyCode = regency.Code,
                ProvinceCode = _province.Code,
                HeadName = _r.Double() < 0.8 ? PersonName(_r.Bool(0.55f) ? Sex.Female : Sex.Male, out _, out _) : null,
                Phone = _r.Double() < 0.6 ? MobilePhone() : null,
                CreatedAt = _now,
                UpdatedAt = _now,
            });
        }
    }

    private static readonly Dictionary<string, string> NppTypeCodes = new()
    {
        ["umum-provinsi"] = "P1", ["umum-kabkota"] = "U1", ["umum-kecamatan"] = "K1", ["umum-desa"] = "D1",
        ["sekolah"] = "S1", ["perguruan-tinggi"] = "T1", ["khusus"] = "H1", ["komunitas"] = "M1",
    };

    /// <summary>"6371042D1000001" shape: regency, district (3 digits), type, sequence.</summary>
    private string Npp(RegencySpec regency, int district, string type) =>
        $"{regency.Code[..2]}{regency.Code[3..]}{district + 1:000}{NppTypeCodes[type]}{++_nppSequence:000000}";

    // ---------------------------------------------------------------- people

    private static readonly string[] Categories = ["pustakawan", "tenaga-teknis", "pengelola"];
    private static readonly Dictionary<string, (double StaffWeight, double[] Categories)> TypeProfiles = new()
    {
        ["umum-provinsi"] = (40, Cumulative([60, 35, 5])),
        ["umum-kabkota"] = (10, Cumulative([50, 40, 10])),
        ["perguruan-tinggi"] = (4, Cumulative([50, 40, 10])),
        ["khusus"] = (1.5, Cumulative([30, 35, 35])),
        ["sekolah"] = (1, Cumulative([8, 25, 67])),
        ["umum-kecamatan"] = (0.8, Cumulative([5, 25, 70])),
        ["umum-desa"] = (0.7, Cumulative([2, 18, 80])),
        ["komunitas"] = (0.8, Cumulative([2, 8, 90])),
    };
    private static readonly double[] NoLibraryCategories = Cumulative([5, 15, 80]);

    private static readonly string[] Statuses = ["pns", "pppk", "non-asn", "swasta", "relawan"];
    private static readonly double[] StatusPustakawan = Cumulative([72, 14, 12, 2, 0]);
    private static readonly double[] StatusTeknis = Cumulative([30, 22, 45, 3, 0]);
    private static readonly double[] StatusPengelola = Cumulative([22, 25, 45, 0, 8]);
    private static readonly double[] StatusVillage = Cumulative([5, 5, 60, 0, 30]);
    private static readonly double[] StatusPrivate = Cumulative([0, 0, 15, 75, 10]);
    private static readonly double[] StatusCommunity = Cumulative([0, 0, 10, 20, 70]);

    private static readonly EducationLevel[] Levels = [EducationLevel.SLTA, EducationLevel.D1, EducationLevel.D2, EducationLevel.D3, EducationLevel.D4, EducationLevel.S1, EducationLevel.S2];
    private static readonly double[] EducationPustakawan = Cumulative([3, 0, 5, 27, 3, 52, 10]);
    private static readonly double[] EducationTeknis = Cumulative([35, 3, 4, 18, 0, 36, 4]);
    private static readonly double[] EducationPengelola = Cumulative([25, 0, 3, 8, 0, 58, 6]);

    private static readonly string[] SchoolFields = ["IPA", "IPS", "Bahasa", "Administrasi Perkantoran", "Akuntansi", "Teknik Komputer dan Jaringan", "Keagamaan"];
    private static readonly string[] DiplomaFields = ["Manajemen Informatika", "Akuntansi", "Administrasi Perkantoran", "Kearsipan", "Sekretari", "Komputerisasi Akuntansi"];
    private static readonly string[] TeacherFields = ["Pendidikan Guru Sekolah Dasar", "Pendidikan Bahasa Indonesia", "Pendidikan Bahasa Inggris", "Pendidikan Agama Islam", "Pendidikan Matematika", "Pendidikan Sejarah", "Pendidikan Biologi", "Pendidikan IPS", "Pendidikan Guru Madrasah Ibtidaiyah"];
    private static readonly string[] DegreeFields = ["Administrasi Negara", "Manajemen", "Ilmu Komunikasi", "Sistem Informasi", "Teknik Informatika", "Ilmu Hukum", "Ekonomi Pembangunan", "Sosiologi", "Sastra Indonesia", "Sejarah Peradaban Islam", "Akuntansi", "Kesehatan Masyarakat"];

    private static readonly string[] ExpertLevels = ["ahli-pertama", "ahli-muda", "ahli-madya", "ahli-utama", "tidak-ada"];
    private static readonly double[] ExpertWeights = Cumulative([40, 30, 12, 1, 10]);
    private static readonly string[] SkilledLevels = ["asisten-terampil", "asisten-mahir", "asisten-penyelia", "pustakawan-terampil", "pustakawan-mahir", "pustakawan-penyelia", "tidak-ada"];
    private static readonly double[] SkilledWeights = Cumulative([30, 20, 8, 12, 10, 8, 12]);

    private static readonly string[] MaleLeading = ["Muhammad", "Ahmad", "Muhammad", "Abdul", "Rahmat"];
    private static readonly string[] FemaleLeading = ["Siti", "Nur", "Siti", "Rahmah", "Noor"];
    private static readonly string[] PhonePrefixes = ["11", "12", "13", "21", "22", "23", "51", "52", "53", "14", "15", "16", "55", "56", "57", "58", "17", "18", "19", "59", "77", "78", "31", "38", "95", "96", "97", "98", "81", "82", "83", "87", "88", "89"];
    // Reserved names (RFC 2606): reminders and invitations from a demo with SMTP configured must
    // never reach a real inbox, as they would at gmail.com.
    private static readonly string[] MailDomains = ["gmail.example", "gmail.example", "gmail.example", "yahoo.example", "surel.example"];

    private void GeneratePeople(RegencySpec regency, List<Library> libraries, int count, List<DemoPerson> into)
    {
        var libraryWeights = new double[libraries.Count];
        double total = 0;
        for (var i = 0; i < libraries.Count; i++) libraryWeights[i] = total += TypeProfiles[libraries[i].TypeCode].StaffWeight;
        var regencyDigits = $"{regency.Code[..2]}{regency.Code[3..]}";

        for (var n = 0; n < count; n++)
        {
            var library = libraries.Count > 0 && _r.Double() < 0.95 ? libraries[Pick(libraryWeights)] : null;
            var category = Categories[Pick(library is null ? NoLibraryCategories : TypeProfiles[library.TypeCode].Categories)];
            var status = Statuses[Pick(library switch
            {
                { TypeCode: "komunitas" } => StatusCommunity,
                { Ownership: LibraryOwnership.Swasta } => StatusPrivate,
                { TypeCode: "umum-desa" } => StatusVillage,
                _ => category switch { "pustakawan" => StatusPustakawan, "tenaga-teknis" => StatusTeknis, _ => StatusPengelola },
            })];
            var sex = _r.Double() < 0.66 ? Sex.Female : Sex.Male;
            var (minAge, maxAge) = status switch { "pns" => (24, 57), "pppk" => (24, 52), "relawan" => (19, 64), _ => (20, 55) };
            var birth = _today.AddYears(-_r.Int(minAge, maxAge)).AddDays(-_r.Int(0, 364));

            var level = Levels[Pick(category switch { "pustakawan" => EducationPustakawan, "tenaga-teknis" => EducationTeknis, _ => EducationPengelola })];
            var libraryScience = level >= EducationLevel.D2 && _r.Double() < (category, level) switch
            {
                ("pustakawan", <= EducationLevel.D3) => 0.9,
                ("pustakawan", _) => 0.7,
                ("tenaga-teknis", <= EducationLevel.D3) => 0.4,
                ("tenaga-teknis", _) => 0.15,
                _ => 0.04,
            };
            var field = libraryScience
                ? level switch
                {
                    <= EducationLevel.D3 => "Perpustakaan",
                    EducationLevel.D4 => "Perpustakaan dan Informasi",
                    EducationLevel.S1 => _r.Bool() ? "Ilmu Perpustakaan" : "Ilmu Informasi dan Perpustakaan",
                    _ => "Ilmu Perpustakaan",
                }
                : level switch
                {
                    EducationLevel.SLTA => _r.Double() < 0.8 ? _r.ArrayElement(SchoolFields) : null,
                    <= EducationLevel.D4 => _r.ArrayElement(DiplomaFields),
                    _ => category == "pengelola" && library?.TypeCode == "sekolah" && _r.Double() < 0.75 ? _r.ArrayElement(TeacherFields) : _r.ArrayElement(DegreeFields),
                };

            var functional = "tidak-ada";
            if (category == "pustakawan" && status is "pns" or "pppk")
            {
                if (level >= EducationLevel.D4) functional = ExpertLevels[Pick(ExpertWeights)];
                else if (level >= EducationLevel.D2) functional = SkilledLevels[Pick(SkilledWeights)];
            }

            // Worked from age 19 (school leavers) or 22 (graduates), never earlier than 1985.
            var earliestWork = Max(birth.AddYears(level >= EducationLevel.D3 ? 22 : 19), new DateOnly(1985, 1, 1));
            var latestWork = _today.AddDays(-30);
            string? nip = null;
            if (status == "pns")
            {
                var appointed = Between(earliestWork, Min(latestWork, birth.AddYears(40)));
                nip = Nip(birth, appointed, sex);
                earliestWork = appointed;
            }
            var workStart = Between(Min(earliestWork, latestWork), latestWork);

            var fullName = PersonName(sex, out var first, out var last);
            var nik = Nik(regencyDigits, _r.Int(1, regency.Districts.Count), birth, sex);
            var person = new Person
            {
                NikCipher = "",
                NikHash = "",
                NikMasked = IdentityNumbers.MaskNik(nik),
                Nip = nip,
                FullName = fullName,
                DiplomaName = _r.Double() < 0.85 ? Person.NormalizeName(fullName) : null,
                Sex = sex,
                BirthPlace = BirthPlace(regency),
                BirthDate = birth,
                Phone = _r.Double() < 0.92 ? MobilePhone() : null,
                Email = _r.Double() < 0.65 ? Email(first, last) : null,
                EducationLevel = level,
                EducationField = field,
                LibraryScienceEducation = libraryScience,
                StaffCategoryCode = category,
                FunctionalLevelCode = functional,
                EmploymentStatusCode = status,
                Library = library,
                RegencyCode = regency.Code,
                ProvinceCode = _province.Code,
                LibraryWorkStart = workStart,
                CreatedAt = _now,
                UpdatedAt = _now,
            };
            into.Add(new DemoPerson(person, nik));
        }
    }

    private string PersonName(Sex sex, out string first, out string last)
    {
        var gender = sex == Sex.Female ? BogusGender.Female : BogusGender.Male;
        first = _faker.Name.FirstName(gender);
        last = _faker.Name.LastName(gender);
        var roll = _r.Double();
        if (roll < 0.12) return $"{_r.ArrayElement(sex == Sex.Female ? FemaleLeading : MaleLeading)} {first} {last}";
        if (roll < 0.27) { last = ""; return first; }
        return $"{first} {last}";
    }

    private string BirthPlace(RegencySpec own)
    {
        var roll = _r.Double();
        if (roll < 0.55) return own.Town;
        if (roll < 0.8) return _province.Regencies[_r.Int(0, _province.Regencies.Count - 1)].Town;
        return _faker.Address.City();
    }

    private string MobilePhone()
    {
        var prefix = _r.ArrayElement(PhonePrefixes);
        return _r.Bool() ? $"08{prefix}{_r.Int(0, 99_999_999):00000000}" : $"08{prefix}{_r.Int(0, 9_999_999):0000000}";
    }

    private string Email(string first, string last)
    {
        Span<char> buffer = stackalloc char[64];
        var length = 0;
        foreach (var c in first) if (char.IsAsciiLetter(c) && length < 30) buffer[length++] = char.ToLowerInvariant(c);
        if (last.Length > 0) buffer[length++] = '.';
        foreach (var c in last) if (char.IsAsciiLetter(c) && length < 60) buffer[length++] = char.ToLowerInvariant(c);
        return $"{(ReadOnlySpan<char>)buffer[..length]}{(_r.Bool() ? _r.Int(1, 99).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}@{_r.ArrayElement(MailDomains)}";
    }

    /// <summary>DOMAIN.md §5: region (6), birth date DDMMYY with +40 for women, sequence (never 0000).</summary>
    private string Nik(string regencyDigits, int district, DateOnly birth, Sex sex)
    {
        var day = birth.Day + (sex == Sex.Female ? 40 : 0);
        var prefix = long.Parse(regencyDigits, System.Globalization.CultureInfo.InvariantCulture) * 100_000_000L
            + district * 1_000_000L + day * 10_000L + birth.Month * 100L + birth.Year % 100;
        var sequence = Next(_sequences.Nik, prefix);
        return string.Create(16, (prefix, sequence), static (span, s) =>
        {
            s.prefix.TryFormat(span, out _, "000000000000");
            s.sequence.TryFormat(span[12..], out _, "0000");
        });
    }

    /// <summary>DOMAIN.md §5: birth date YYYYMMDD, appointment YYYYMM, sex (1/2), sequence (never 000).</summary>
    private string Nip(DateOnly birth, DateOnly appointed, Sex sex)
    {
        var prefix = (birth.Year * 10_000L + birth.Month * 100 + birth.Day) * 10_000_000L
            + (appointed.Year * 100L + appointed.Month) * 10 + (sex == Sex.Male ? 1 : 2);
        var sequence = Next(_sequences.Nip, prefix);
        return string.Create(18, (prefix, sequence), static (span, s) =>
        {
            s.prefix.TryFormat(span, out _, "000000000000000");
            s.sequence.TryFormat(span[15..], out _, "000");
        });
    }

    private static int Next(Dictionary<long, int> counters, long prefix)
    {
        ref var counter = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counters, prefix, out _);
        return ++counter;
    }

    // ---------------------------------------------------------------- certificates

    private static readonly Dictionary<string, double> SchemeWeights = new()
    {
        ["layanan-dasar"] = 25, ["pengatalogan-deskriptif"] = 12, ["pengatalogan-subjek"] = 8, ["pengembangan-koleksi"] = 10,
        ["evaluasi-pengembangan-koleksi"] = 4, ["layanan-anak"] = 6, ["layanan-remaja"] = 3, ["layanan-disabilitas"] = 2,
        ["layanan-komunitas"] = 3, ["literasi-informasi"] = 12, ["promosi-layanan"] = 8,
    };

    // Most of the province's certificates date from before 2024 (DOMAIN.md §1: 112 by 2023, 123 by 2024).
    private static readonly double[] IssueYearWeights = Cumulative([12, 8, 16, 22, 26, 9, 7]);

    /// <summary>
    /// Picks the certified people by weighted sampling without replacement (Efraimidis–Spirakis:
    /// the k largest ln(u)/w), so librarians with library education are likelier than volunteers,
    /// in one pass with a heap of k entries.
    /// </summary>
    private void Certify(List<DemoPerson> people, int certifiedPeople, IReadOnlyList<Scheme> schemes)
    {
        var active = new List<Scheme>(schemes.Count);
        foreach (var s in schemes) if (s.Active) active.Add(s);
        if (active.Count == 0 || certifiedPeople <= 0) return;

        var general = new double[active.Count];
        var community = new double[active.Count];
        double g = 0, c = 0;
        for (var i = 0; i < active.Count; i++)
        {
            var w = SchemeWeights.GetValueOrDefault(active[i].Key, 1);
            general[i] = g += w;
            community[i] = c += active[i].Key == "layanan-komunitas" ? w * 20 : w;
        }

        var lastIssue = Min(new DateOnly(LastIssueYear, 12, 31), _today);
        var chosen = new PriorityQueue<int, double>(certifiedPeople + 1);
        for (var i = 0; i < people.Count; i++)
        {
            var p = people[i].Person;
            var weight = Weight(p, lastIssue);
            if (weight <= 0) continue;
            var key = Math.Log(1 - _r.Double()) / weight;
            if (chosen.Count < certifiedPeople) chosen.Enqueue(i, key);
            else if (chosen.TryPeek(out _, out var smallest) && key > smallest) chosen.EnqueueDequeue(i, key);
        }
        var indexes = new int[chosen.Count];
        for (var i = 0; chosen.TryDequeue(out var index, out _); i++) indexes[i] = index;
        Array.Sort(indexes);

        foreach (var index in indexes)
        {
            var person = people[index].Person;
            var weights = person.Library?.TypeCode == "komunitas" ? community : general;
            var earliest = Max(new DateOnly(FirstIssueYear, 1, 1), person.LibraryWorkStart!.Value.AddYears(1));
            var first = active[Pick(weights)];
            var issued = IssueDate(earliest, lastIssue, first.ValidityYears);
            person.Certificates.Add(NewCertificate(first, issued));

            // Some hold a second cluster, taken at least half a year later.
            if (_r.Double() < 0.1 && active.Count > 1 && issued.AddDays(180) <= lastIssue)
            {
                var second = active[Pick(weights)];
                for (var tries = 0; second == first && tries < 8; tries++) second = active[Pick(weights)];
                if (second != first) person.Certificates.Add(NewCertificate(second, Between(issued.AddDays(180), lastIssue)));
            }
        }
    }

    private static double Weight(Person p, DateOnly lastIssue)
    {
        if (p.LibraryWorkStart is not { } ws || ws.AddYears(1) > lastIssue || p.BirthDate.AddYears(20) > lastIssue) return 0;
        var w = p.StaffCategoryCode switch { "pustakawan" => 10.0, "tenaga-teknis" => 3.0, _ => 1.0 };
        if (p.LibraryScienceEducation) w *= 2;
        if (p.EducationLevel < EducationLevel.D2) w *= 0.4;
        if (p.EmploymentStatusCode is "pns" or "pppk") w *= 1.5;
        if (p.EmploymentStatusCode == "relawan") w *= 0.5;
        // Long service makes certification likelier (and an early certificate possible).
        return w * Math.Min(1.0, (lastIssue.DayNumber - ws.DayNumber) / (8 * 365.0));
    }

    /// <summary>Mostly by the year weights; one in eight falls due within <see cref="Certificate.ExpiringWithinDays"/> days.</summary>
    private DateOnly IssueDate(DateOnly earliest, DateOnly latest, int validityYears)
    {
        if (_r.Double() < 0.125)
        {
            var from = Max(earliest, _today.AddYears(-validityYears).AddDays(1));
            var to = Min(latest, _today.AddYears(-validityYears).AddDays(Certificate.ExpiringWithinDays));
            if (from <= to) return Between(from, to);
        }
        // Redraw a year the person could not have been certified in yet, a few times, before settling for any possible date.
        var year = FirstIssueYear + Pick(IssueYearWeights);
        for (var tries = 0; year < earliest.Year && tries < 4; tries++) year = FirstIssueYear + Pick(IssueYearWeights);
        var start = Max(earliest, new DateOnly(year, 1, 1));
        var end = Min(latest, new DateOnly(year, 12, 31));
        return start <= end ? Between(start, end) : Between(earliest, latest);
    }

    private Certificate NewCertificate(Scheme scheme, DateOnly issued) => new()
    {
        SchemeId = scheme.Id,
        Number = $"LSP-PUS/{_province.Code}/{issued.Year}/{++_certificateSequence:00000}",
        IssuedOn = issued,
        ValidUntil = issued.AddYears(scheme.ValidityYears),
        Source = CertificateSource.Registry,
        VerificationCode = Certificate.NewVerificationCode(),
    };

    // ---------------------------------------------------------------- helpers

    /// <summary>Splits a total over weights (largest remainder), each share at least <paramref name="minimum"/>.</summary>
    internal static int[] Apportion(int total, double[] weights, int minimum)
    {
        var shares = new int[weights.Length];
        var spare = total - minimum * weights.Length;
        if (spare <= 0)
        {
            Array.Fill(shares, minimum);
            return shares;
        }
        double sum = 0;
        foreach (var w in weights) sum += w;
        var remainders = new double[weights.Length];
        var given = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = spare * weights[i] / sum;
            shares[i] = minimum + (int)exact;
            remainders[i] = exact - (int)exact;
            given += (int)exact;
        }
        for (; given < spare; given++)
        {
            var best = 0;
            for (var i = 1; i < remainders.Length; i++) if (remainders[i] > remainders[best]) best = i;
            shares[best]++;
            remainders[best] = -1;
        }
        return shares;
    }

    private static double[] Cumulative(double[] weights)
    {
        for (var i = 1; i < weights.Length; i++) weights[i] += weights[i - 1];
        return weights;
    }

    /// <summary>Index drawn from cumulative weights.</summary>
    private int Pick(double[] cumulative)
    {
        // The first entry whose cumulative weight exceeds x: zero-weight entries are never chosen.
        var x = _r.Double() * cumulative[^1];
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (cumulative[mid] > x) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private DateOnly Between(DateOnly from, DateOnly to) => to <= from ? from : from.AddDays(_r.Int(0, to.DayNumber - from.DayNumber));

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
