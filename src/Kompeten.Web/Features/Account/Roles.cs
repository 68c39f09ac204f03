namespace Kompeten.Web.Features.Account;

public static class Roles
{
    public const string AdminNasional = "AdminNasional";
    public const string AdminProvinsi = "AdminProvinsi";
    public const string Operator = "Operator";
    public const string Pendamping = "Pendamping";
    public const string Peserta = "Peserta";
    public const string Pimpinan = "Pimpinan";

    public static readonly string[] All = [AdminNasional, AdminProvinsi, Operator, Pendamping, Peserta, Pimpinan];

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [AdminNasional] = "Admin Nasional",
        [AdminProvinsi] = "Admin Provinsi",
        [Operator] = "Operator Kab/Kota",
        [Pendamping] = "Pendamping",
        [Peserta] = "Peserta",
        [Pimpinan] = "Pimpinan",
    };

    /// <summary>Which level of region the role is bound to.</summary>
    public static Registry.RegionLevel? RequiredRegionLevel(string role) => role switch
    {
        AdminProvinsi or Pimpinan or Pendamping => Registry.RegionLevel.Province,
        Operator or Peserta => Registry.RegionLevel.Regency,
        _ => null,
    };
}

/// <summary>Authorization policies; every page and API route names one of these.</summary>
public static class Policies
{
    /// <summary>See registry lists and records in scope: administrators, operators, leadership.</summary>
    public const string RegistryRead = nameof(RegistryRead);
    /// <summary>Create, edit, import people and libraries in scope.</summary>
    public const string RegistryWrite = nameof(RegistryWrite);
    /// <summary>See and export full NIKs (each time logged).</summary>
    public const string FullNik = nameof(FullNik);
    /// <summary>Administer accounts, reference data, demo data.</summary>
    public const string Admin = nameof(Admin);
    public const string NationalAdmin = nameof(NationalAdmin);
    /// <summary>The certification pages at all: candidates, operators, mentors, administrators (each record is then checked).</summary>
    public const string Certification = nameof(Certification);
    /// <summary>Prepare an application: the candidate for themselves, an operator or administrator on someone's behalf.</summary>
    public const string CertificationPrepare = nameof(CertificationPrepare);
    /// <summary>A mentor's workspace (pendamping).</summary>
    public const string Mentor = nameof(Mentor);
    /// <summary>A participant acting for themselves.</summary>
    public const string Candidate = nameof(Candidate);
    /// <summary>Coverage dashboard, planner and their exports for the user's scope: administrators, operators, leadership.</summary>
    public const string DashboardRead = nameof(DashboardRead);
    /// <summary>Budget lines, unit costs and their realisation: administrators and leadership.</summary>
    public const string BudgetRead = nameof(BudgetRead);
}
