using System.Security.Cryptography;
using Kompeten.Web.Data;

namespace Kompeten.Web.Infrastructure;

/// <summary>Where uploaded bytes live. Content-addressed: the key is the SHA-256 of the bytes.</summary>
public interface IFileStore
{
    Task<string> SaveAsync(Stream content, CancellationToken ct = default);
    Task<Stream?> OpenAsync(string sha256, CancellationToken ct = default);
}

/// <summary>
/// Files under {Kompeten:FilesDirectory} (default {DataDirectory}/files), outside the web root,
/// named only by their hash, so no user-supplied name ever becomes a path.
/// </summary>
public sealed class FileSystemFileStore : IFileStore
{
    private readonly string _root;

    public FileSystemFileStore(IConfiguration config, IHostEnvironment env)
    {
        _root = Path.GetFullPath(config["Kompeten:FilesDirectory"] ?? Path.Combine(DatabaseSetup.DataDirectory(config, env), "files"));
        Directory.CreateDirectory(_root);
    }

    public async Task<string> SaveAsync(Stream content, CancellationToken ct = default)
    {
        var temp = Path.Combine(_root, $".upload-{Guid.NewGuid():N}");
        string hash;
        await using (var file = File.Create(temp))
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        }
        var target = PathFor(hash);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target)) File.Delete(temp);
        else File.Move(temp, target);
        return hash;
    }

    public Task<Stream?> OpenAsync(string sha256, CancellationToken ct = default)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit)) return Task.FromResult<Stream?>(null);
        var path = PathFor(sha256);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    private string PathFor(string hash) => Path.Combine(_root, hash[..2], hash);
}

/// <summary>What an upload really is, judged by its first bytes — never by its name.</summary>
public static class UploadSniffer
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static readonly IReadOnlyDictionary<string, string> Extensions = new Dictionary<string, string>
    {
        ["application/pdf"] = ".pdf",
        ["image/jpeg"] = ".jpg",
        ["image/png"] = ".png",
    };

    /// <returns>The content type, or null when the bytes are not PDF, JPEG or PNG.</returns>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "image/jpeg";
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return "image/png";
        return null;
    }

    /// <summary>"../../etc/passwd" → "passwd"; control characters and separators removed; never empty.</summary>
    public static string SafeName(string? uploaded)
    {
        var name = Path.GetFileName((uploaded ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|')).ToArray()).Trim().TrimStart('.');
        if (name.Length > 120) name = name[^120..];
        return name.Length == 0 ? "berkas" : name;
    }
}
