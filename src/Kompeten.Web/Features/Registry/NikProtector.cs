using System.Security.Cryptography;
using System.Text;
using Kompeten.Web.Data;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry;

/// <summary>
/// Encrypts NIKs at rest (Data Protection, keys in the database) and computes the keyed hash
/// used for uniqueness and lookups. The hash key is generated once per deployment and stored
/// protected, so all instances agree on it (docs/decisions/0004-nik-protection.md).
/// </summary>
public sealed class NikProtector
{
    private const string HashKeySetting = "nik-hash-key";
    private readonly IDataProtector _protector;
    private readonly IServiceScopeFactory _scopes;
    private byte[]? _hashKey;
    private readonly Lock _gate = new();

    public NikProtector(IDataProtectionProvider provider, IServiceScopeFactory scopes)
    {
        _protector = provider.CreateProtector("Kompeten.Nik.v1");
        _scopes = scopes;
    }

    public string Protect(string nik) => _protector.Protect(nik);

    public string Unprotect(string cipher) => _protector.Unprotect(cipher);

    public string Hash(string nik)
    {
        var key = _hashKey ?? LoadHashKey();
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(nik)));
    }

    private byte[] LoadHashKey()
    {
        lock (_gate)
        {
            if (_hashKey is not null) return _hashKey;
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = db.SystemSettings.AsNoTracking().FirstOrDefault(s => s.Key == HashKeySetting);
            if (stored is null)
            {
                var fresh = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                // Two instances may race on first start: the first insert wins, both read it back.
                db.Database.ExecuteSql($"INSERT INTO system_settings (key, value) VALUES ({HashKeySetting}, {fresh}) ON CONFLICT (key) DO NOTHING");
                stored = db.SystemSettings.AsNoTracking().First(s => s.Key == HashKeySetting);
            }
            _hashKey = Convert.FromBase64String(_protector.Unprotect(stored.Value));
            return _hashKey;
        }
    }
}
