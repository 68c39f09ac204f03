using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Features.Registry;

namespace Kompeten.Tests.Registry;

/// <summary>PersonRules checks PersonInput's DataAnnotations without Validator's reflection; it must say exactly what Validator says.</summary>
public class PersonInputAnnotationsTests
{
    private static PersonInput Valid() => new()
    {
        Nik = "6301015705880003", FullName = "Siti Aminah", Sex = Sex.Female, BirthDate = new DateOnly(1988, 5, 17), EducationLevel = EducationLevel.S1,
        StaffCategoryCode = "pustakawan", EmploymentStatusCode = "pns", RegencyCode = "63.01", Phone = "0812 3456 7890", Email = "siti@contoh.id",
    };

    public static TheoryData<string> Cases => ["valid", "empty", "too long", "bad phone and e-mail", "blank required text"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_same_messages_as_Validator_for_the_same_fields(string kind)
    {
        var input = Valid();
        switch (kind)
        {
            case "empty": input = new PersonInput(); break;
            case "too long":
                input.FullName = new string('a', 201);
                input.DiplomaName = new string('A', 201);
                input.BirthPlace = new string('b', 101);
                input.EducationField = new string('c', 151);
                break;
            case "bad phone and e-mail":
                input.Phone = "telepon saya";
                input.Email = "bukan-email";
                break;
            case "blank required text":
                input.Nik = "   ";
                input.FullName = "";
                break;
        }
        var expected = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), expected, validateAllProperties: true);
        var actual = new List<(string Field, string Message)>();

        InputAnnotations.Validate(input, (field, message) => actual.Add((field, message)));

        actual.ShouldBe(expected.Select(r => (r.MemberNames.Single(), r.ErrorMessage!)).ToList());
        if (kind != "valid") actual.ShouldNotBeEmpty();
    }
}
