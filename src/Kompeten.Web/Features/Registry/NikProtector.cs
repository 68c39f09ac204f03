using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kompeten.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry;

/// <summary>
/// Encrypts NIKs at rest and computes the keyed hash used for uniqueness and lookups
/// (docs/decisions/0004-nik-protection.md). NIKs are encrypted with AES-256-GCM under a data key;
/// each data key is stored in the database protected by ASP.NET Core Data Protection, and a new
/// one is made every <see cref="DataKeyLifetime"/> (envelope encryption). Ciphertexts made by Data
/// Protection itself (before the envelope, "CfDJ8…") still decrypt. The hash key is generated once
/// per deployment and stored protected, so all instances agree on it.
/// </summary>
public sealed class NikProtector
{
    private const string HashKeySetting = "nik-hash-key";
    private const string DataKeySettingPrefix = "nik-data-key:";
    /// <summary>Envelope ciphertext: "N1.{key id}.{base64url(nonce ‖ tag ‖ ciphertext)}".</summary>
    private const string EnvelopePrefix = "N1.";
    private const int NonceSize = 12, TagSize = 16;

    /// <summary>As Data Protection's own default key lifetime: a data key encrypts new NIKs for 90 days, then decrypts only.</summary>
    public static readonly TimeSpan DataKeyLifetime = TimeSpan.FromDays(90);

    private readonly IDataProtector _protector;
    private readonly IDataProtector _dataKeyProtector;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, DataKey> _dataKeys = new(StringComparer.Ordinal);
    private byte[]? _hashKey;
    private DataKey? _current;

    private sealed record DataKey(string Id, byte[] Key, byte[] AssociatedData, DateTimeOffset EncryptsUntil);

    public NikProtector(IDataProtectionProvider provider, IServiceScopeFactory scopes, TimeProvider clock)
    {
        _protector = provider.CreateProtector("Kompeten.Nik.v1");
        _dataKeyProtector = _protector.CreateProtector("DataKey");
        _scopes = scopes;
        _clock = clock;
    }

    public string Protect(string nik)
    {
        var key = CurrentDataKey();
        var plain = Encoding.UTF8.GetBytes(nik);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Cipher(key).Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), key.AssociatedData);
        return string.Concat(EnvelopePrefix, key.Id, ".", Base64Url.EncodeToString(sealedBytes));
    }

    /// <exception cref="CryptographicException">The ciphertext was altered, or its key is not in this deployment.</exception>
    public string Unprotect(string cipher)
    {
        if (!cipher.StartsWith(EnvelopePrefix, StringComparison.Ordinal)) return _protector.Unprotect(cipher);
        var rest = cipher.AsSpan(EnvelopePrefix.Length);
        var dot = rest.IndexOf('.');
        if (dot <= 0) throw new CryptographicException("NIK ciphertext is malformed.");
        var key = DataKeyById(rest[..dot].ToString());
        byte[] sealedBytes;
        try { sealedBytes = Base64Url.DecodeFromChars(rest[(dot + 1)..]); }
        catch (FormatException e) { throw new CryptographicException("NIK ciphertext is malformed.", e); }
        if (sealedBytes.Length < NonceSize + TagSize) throw new CryptographicException("NIK ciphertext is malformed.");
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        Cipher(key).Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, key.AssociatedData);
        return Encoding.UTF8.GetString(plain);
    }

    // An AesGcm holds a native cipher context that is not safe to share between threads, and making
    // one costs more than encrypting a NIK with it: each thread keeps the one it last used.
    [ThreadStatic] private static (DataKey Key, AesGcm Aes)? _threadCipher;

    private static AesGcm Cipher(DataKey key)
    {
        if (_threadCipher is { } cached && ReferenceEquals(cached.Key, key)) return cached.Aes;
        _threadCipher?.Aes.Dispose();
        var aes = new AesGcm(key.Key, TagSize);
        _threadCipher = (key, aes);
        return aes;
    }

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
            var stored = ReadOrCreateSetting(HashKeySetting, () => _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            _hashKey = Convert.FromBase64String(_protector.Unprotect(stored));
            return _hashKey;
        }
    }

    /// <summary>The data key new NIKs are encrypted with: the newest one still within its lifetime, made when there is none.</summary>
    private DataKey CurrentDataKey()
    {
        var now = _clock.GetUtcNow();
        if (_current is { } current && now < current.EncryptsUntil) return current;
        lock (_gate)
        {
            if (_current is { } again && now < again.EncryptsUntil) return again;
            // Ids are the UTC creation date: instances that both find no current key on the same day
            // insert the same id, the first insert wins, and both read back the same key.
            var today = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var newest = NewestDataKeyId();
            var id = newest is not null && now < Created(newest) + DataKeyLifetime ? newest : today;
            var key = _dataKeys.GetValueOrDefault(id) ?? Load(id, create: true);
            _current = key;
            return key;
        }
    }

    private DataKey DataKeyById(string id)
    {
        if (_dataKeys.TryGetValue(id, out var key)) return key;
        if (id.Length != 8 || !id.All(char.IsAsciiDigit)) throw new CryptographicException("NIK ciphertext names no valid data key.");
        lock (_gate) return _dataKeys.GetValueOrDefault(id) ?? Load(id, create: false);
    }

    private DataKey Load(string id, bool create)
    {
        var setting = DataKeySettingPrefix + id;
        var stored = create
            ? ReadOrCreateSetting(setting, () => _dataKeyProtector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))
            : ReadSetting(setting);
        if (stored is null) throw new CryptographicException($"NIK data key {id} is not in this deployment's database.");
        var key = new DataKey(id, Convert.FromBase64String(_dataKeyProtector.Unprotect(stored)), Encoding.ASCII.GetBytes("Kompeten.Nik.v1." + id),
            Created(id) + DataKeyLifetime);
        _dataKeys[id] = key;
        return key;
    }

    private static DateTimeOffset Created(string id) =>
        new(DateTime.ParseExact(id, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));

    private string? NewestDataKeyId()
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var key = db.SystemSettings.AsNoTracking().Where(s => s.Key.StartsWith(DataKeySettingPrefix))
            .OrderByDescending(s => s.Key).Select(s => s.Key).FirstOrDefault();
        return key?[DataKeySettingPrefix.Length..];
    }

    /// <summary>The setting's value; when missing, <paramref name="create"/>'s value is inserted — two instances may race on it: the first insert wins, both read it back.</summary>
    private string ReadOrCreateSetting(string setting, Func<string> create)
    {
        if (ReadSetting(setting) is { } stored) return stored;
        using (var scope = _scopes.CreateScope())
        {
            var fresh = create();
            scope.ServiceProvider.GetRequiredService<AppDbContext>().Database
                .ExecuteSql($"INSERT INTO system_settings (key, value) VALUES ({setting}, {fresh}) ON CONFLICT (key) DO NOTHING");
        }
        return ReadSetting(setting)!;
    }

    private string? ReadSetting(string setting)
    {
        using var scope = _scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().SystemSettings.AsNoTracking()
            .Where(s => s.Key == setting).Select(s => s.Value).FirstOrDefault();
    }
}
