using Kompeten.Web.Features.Registry;

namespace Kompeten.Web.Features.Certification;

public enum CertificateSource
{
    /// <summary>Held before Kompeten, entered in the registry or imported.</summary>
    Registry = 1,
    /// <summary>Created by Kompeten from an assessment result.</summary>
    Assessment = 2,
}

/// <summary>A competency certificate a person holds in a scheme.</summary>
public class Certificate : Infrastructure.IAudited
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public int SchemeId { get; set; }
    public required string Number { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly ValidUntil { get; set; }
    public CertificateSource Source { get; set; } = CertificateSource.Registry;

    /// <summary>The application whose K result created it (null for registry-imported certificates).</summary>
    public int? ApplicationId { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }

    /// <summary>Random code in the public verification link /v/{code}.</summary>
    public required string VerificationCode { get; set; }

    public Person? Person { get; set; }
    public Scheme? Scheme { get; set; }

    public const int ExpiringWithinDays = 180;

    public bool IsValidOn(DateOnly day) => RevokedAt is null && ValidUntil >= day;

    private const string Base32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>10 Crockford base32 characters (50 bits) from a CSPRNG: the public verification link must not be guessable.</summary>
    public static string NewVerificationCode() => new(System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(Base32, 10));
}
