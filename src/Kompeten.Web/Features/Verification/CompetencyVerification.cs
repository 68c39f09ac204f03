using Kompeten.Web.Infrastructure;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Certification;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Verification;

/// <summary>Live status of a competency certificate as the public sees it.</summary>
public enum CertificateStatus
{
    Valid = 1,
    Expiring = 2,
    Expired = 3,
    Revoked = 4,
}

/// <summary>What /v/{code} and /api/v1/verify/{code} show of a competency certificate: no NIK, the holder's name partly masked.</summary>
public sealed record CompetencyCertificateView(
    string Code, string HolderName, string Scheme, string Number, DateOnly IssuedOn, DateOnly ValidUntil, CertificateStatus Status, string StatusText,
    DateOnly? RevokedOn, string? RevokedReason);

/// <summary>Looks up a competency certificate by its verification code and tells its live status.</summary>
public sealed class CompetencyVerification(AppDbContext db, TimeProvider clock)
{
    public async Task<CompetencyCertificateView?> FindAsync(string code, CancellationToken ct = default)
    {
        var normalized = Normalize(code);
        if (normalized is null) return null;
        var c = await db.Certificates.AsNoTracking()
            .Where(x => x.VerificationCode == normalized)
            .Select(x => new { x.VerificationCode, x.Person!.FullName, x.Person.DiplomaName, Scheme = x.Scheme!.Name, x.Number, x.IssuedOn, x.ValidUntil, x.RevokedAt, x.RevokedReason })
            .FirstOrDefaultAsync(ct);
        if (c is null) return null;
        var today = clock.Today();
        var status = StatusOf(c.RevokedAt, c.ValidUntil, today);
        return new CompetencyCertificateView(c.VerificationCode, PublicName.Mask(Registry.Person.NormalizeName(c.DiplomaName ?? c.FullName)), c.Scheme, c.Number, c.IssuedOn, c.ValidUntil,
            status, StatusText(status), c.RevokedAt is { } r ? DateOnly.FromDateTime(r.ToAgencyTime().Date) : null, c.RevokedReason);
    }

    public static CertificateStatus StatusOf(DateTimeOffset? revokedAt, DateOnly validUntil, DateOnly today) =>
        revokedAt is not null ? CertificateStatus.Revoked
        : validUntil < today ? CertificateStatus.Expired
        : validUntil <= today.AddDays(Certificate.ExpiringWithinDays) ? CertificateStatus.Expiring
        : CertificateStatus.Valid;

    public static string StatusText(CertificateStatus s) => s switch
    {
        CertificateStatus.Valid => "Berlaku",
        CertificateStatus.Expiring => "Berlaku — segera berakhir",
        CertificateStatus.Expired => "Kedaluwarsa",
        CertificateStatus.Revoked => "Dicabut",
        _ => s.ToString(),
    };

    public static string StatusColor(CertificateStatus s) => s switch
    {
        CertificateStatus.Valid => "success",
        CertificateStatus.Expiring => "warning",
        CertificateStatus.Expired => "secondary",
        _ => "danger",
    };

    /// <summary>Codes are Crockford base32: case-insensitive, O→0, I/L→1, hyphens and spaces ignored.</summary>
    public static string? Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 40) return null;
        var s = new string(code.ToUpperInvariant().Where(c => c is not ('-' or ' ')).Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c }).ToArray());
        return s.Length is >= 6 and <= 20 && s.All(char.IsAsciiLetterOrDigit) ? s : null;
    }
}
