namespace Kompeten.Web.Features.Registry;

/// <summary>A record that belongs to a regency of a province; scope filters rely on it.</summary>
public interface IRegional
{
    string RegencyCode { get; }
    string ProvinceCode { get; }
}
