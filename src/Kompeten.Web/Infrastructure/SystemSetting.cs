namespace Kompeten.Web.Infrastructure;

/// <summary>A value the deployment creates once and every instance shares (e.g. the NIK hashing key).</summary>
public class SystemSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}
