namespace Kompeten.Web.Features.Registry;

public enum RegionLevel
{
    Province = 1,
    Regency = 2,
}

/// <summary>A province (code "63") or a regency/city ("63.01") by Kemendagri code.</summary>
public class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public RegionLevel Level { get; set; }
    public string? ParentCode { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }

    /// <summary>Simplified boundary as a GeoJSON geometry, for offline maps.</summary>
    public string? BoundaryGeoJson { get; set; }

    public static string ProvinceOf(string regencyCode) => regencyCode.Split('.')[0];

    /// <summary>"630201..." (NIK/NPP digits) → "63.02".</summary>
    public static string RegencyCodeFromDigits(string digits) => $"{digits[..2]}.{digits.Substring(2, 2)}";
}
