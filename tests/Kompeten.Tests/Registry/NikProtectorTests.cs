using System.Security.Cryptography;
using Kompeten.Tests.Support;
using Kompeten.Tests.Training;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Registry;

/// <summary>NIKs at rest: AES-GCM under data keys that Data Protection protects (docs/decisions/0004-nik-protection.md).</summary>
public class NikProtectorTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private const string Nik = "6301014103900002";

    private NikProtector Instance(TimeProvider clock) =>
        new(app.Services.GetRequiredService<IDataProtectionProvider>(), app.Services.GetRequiredService<IServiceScopeFactory>(), clock);

    private static string KeyId(string cipher) => cipher.Split('.')[1];

    [Fact]
    public void A_protected_NIK_reads_back_and_shows_nothing_of_the_number()
    {
        var nik = app.Services.GetRequiredService<NikProtector>();

        var first = nik.Protect(Nik);
        var second = nik.Protect(Nik);

        first.ShouldStartWith("N1.");
        first.ShouldNotContain(Nik);
        first.ShouldNotContain("0002");
        second.ShouldNotBe(first, "every encryption has its own nonce");
        nik.Unprotect(first).ShouldBe(Nik);
        nik.Unprotect(second).ShouldBe(Nik);
    }

    [Fact]
    public void A_NIK_encrypted_by_Data_Protection_before_the_envelope_still_reads_back()
    {
        var legacy = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Kompeten.Nik.v1").Protect(Nik);

        legacy.ShouldStartWith("CfDJ8");
        app.Services.GetRequiredService<NikProtector>().Unprotect(legacy).ShouldBe(Nik);
    }

    [Fact]
    public void An_altered_ciphertext_or_an_unknown_key_is_refused()
    {
        var nik = app.Services.GetRequiredService<NikProtector>();
        var cipher = nik.Protect(Nik);
        var last = cipher[^1] == 'A' ? 'B' : 'A';

        Should.Throw<CryptographicException>(() => nik.Unprotect(cipher[..^1] + last));
        Should.Throw<CryptographicException>(() => nik.Unprotect("N1.19990101." + cipher.Split('.')[2]));
        Should.Throw<CryptographicException>(() => nik.Unprotect("N1.20261121.bukan-base64!"));
    }

    [Fact]
    public async Task A_new_data_key_encrypts_after_90_days_and_every_instance_still_reads_the_old_ones()
    {
        var clock = new ManualClock();
        var nik = Instance(clock);
        var before = nik.Protect(Nik);

        clock.Advance(NikProtector.DataKeyLifetime + TimeSpan.FromDays(1));
        var after = nik.Protect(Nik);

        KeyId(after).ShouldNotBe(KeyId(before));
        var otherInstance = Instance(clock);
        otherInstance.Unprotect(before).ShouldBe(Nik);
        otherInstance.Unprotect(after).ShouldBe(Nik);
        KeyId(otherInstance.Protect(Nik)).ShouldBe(KeyId(after), "instances agree on the current key through the database");
        var stored = await app.WithDbAsync(db => db.SystemSettings.AsNoTracking().Where(s => s.Key.StartsWith("nik-data-key:")).Select(s => s.Value).ToListAsync());
        stored.Count.ShouldBeGreaterThanOrEqualTo(2);
        stored.ShouldAllBe(v => v.StartsWith("CfDJ8"), "data keys are stored protected by Data Protection, never in clear");
    }

    [Fact]
    public void Many_threads_encrypt_and_decrypt_at_once()
    {
        var nik = app.Services.GetRequiredService<NikProtector>();
        var niks = Enumerable.Range(1, 4_000).Select(i => $"630101410390{i % 10_000:0000}").ToArray();
        var ciphers = new string[niks.Length];

        Parallel.For(0, niks.Length, i => ciphers[i] = nik.Protect(niks[i]));
        var back = new string[niks.Length];
        Parallel.For(0, niks.Length, i => back[i] = nik.Unprotect(ciphers[i]));

        back.ShouldBe(niks);
    }
}
