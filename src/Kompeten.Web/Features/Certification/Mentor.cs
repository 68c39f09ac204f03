namespace Kompeten.Web.Features.Certification;

/// <summary>A mentor (pendamping) in the pool: the schemes and regencies they take, and how many candidates at once.</summary>
public class Mentor : Infrastructure.IAudited
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string ProvinceCode { get; set; }
    public List<string> SchemeKeys { get; set; } = [];

    /// <summary>Regencies served; empty means the whole province.</summary>
    public List<string> RegencyCodes { get; set; } = [];
    public int Capacity { get; set; } = 10;
    public bool Active { get; set; } = true;
}
