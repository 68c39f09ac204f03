using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Kompeten.Web.Infrastructure;

/// <summary>Identity's messages, in Bahasa Indonesia.</summary>
public sealed class IndonesianIdentityErrors : IdentityErrorDescriber
{
    private static IdentityError E(string code, string message) => new() { Code = code, Description = message };

    public override IdentityError DefaultError() => E(nameof(DefaultError), "Terjadi kesalahan yang tidak diketahui.");
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "Data akun diubah orang lain; muat ulang halaman lalu coba lagi.");
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "Kata sandi salah.");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "Tautan sudah tidak berlaku atau sudah dipakai; minta tautan baru.");
    public override IdentityError LoginAlreadyAssociated() => E(nameof(LoginAlreadyAssociated), "Login ini sudah terhubung dengan akun lain.");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), $"Nama pengguna '{userName}' tidak valid; gunakan huruf, angka, titik, @, - atau _.");
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), $"Alamat e-mail '{email}' tidak valid.");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), $"Nama pengguna '{userName}' sudah dipakai.");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), $"E-mail '{email}' sudah dipakai akun lain.");
    public override IdentityError InvalidRoleName(string? role) => E(nameof(InvalidRoleName), $"Peran '{role}' tidak valid.");
    public override IdentityError DuplicateRoleName(string role) => E(nameof(DuplicateRoleName), $"Peran '{role}' sudah ada.");
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), "Akun sudah memiliki kata sandi.");
    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), "Penguncian akun tidak aktif untuk akun ini.");
    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), $"Akun sudah memiliki peran '{role}'.");
    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), $"Akun tidak memiliki peran '{role}'.");
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), $"Kata sandi minimal {length} karakter.");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), $"Kata sandi harus memuat minimal {uniqueChars} karakter berbeda.");
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "Kata sandi harus memuat minimal satu simbol.");
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "Kata sandi harus memuat minimal satu angka (0–9).");
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "Kata sandi harus memuat minimal satu huruf kecil (a–z).");
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "Kata sandi harus memuat minimal satu huruf besar (A–Z).");
    public override IdentityError RecoveryCodeRedemptionFailed() => E(nameof(RecoveryCodeRedemptionFailed), "Kode pemulihan tidak valid.");
}

/// <summary>Model-binding messages ("The value '' is invalid") in Bahasa Indonesia.</summary>
public static class IndonesianModelBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider p)
    {
        p.SetAttemptedValueIsInvalidAccessor((value, field) => $"Nilai '{value}' tidak valid untuk {field}.");
        p.SetMissingBindRequiredValueAccessor(field => $"{field} wajib diisi.");
        p.SetMissingKeyOrValueAccessor(() => "Nilai wajib diisi.");
        p.SetMissingRequestBodyRequiredValueAccessor(() => "Isi permintaan wajib ada.");
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"Nilai '{value}' tidak valid.");
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Nilai yang diberikan tidak valid.");
        p.SetNonPropertyValueMustBeANumberAccessor(() => "Isian harus berupa angka.");
        p.SetUnknownValueIsInvalidAccessor(field => $"Nilai untuk {field} tidak valid.");
        p.SetValueIsInvalidAccessor(value => $"Nilai '{value}' tidak valid.");
        p.SetValueMustBeANumberAccessor(field => $"{field} harus berupa angka.");
        p.SetValueMustNotBeNullAccessor(field => $"{field} wajib diisi.");
    }
}
