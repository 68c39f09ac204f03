using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Training;

public enum TestKind
{
    [Display(Name = "Pre-test")] Pre = 1,
    [Display(Name = "Post-test")] Post = 2,
}

public enum TestSource
{
    [Display(Name = "Dikerjakan daring")] Online = 1,
    [Display(Name = "Diisi panitia")] Entered = 2,
    [Display(Name = "Diimpor")] Imported = 3,
}

/// <summary>A multiple-choice question of a batch's test; the same set serves as pre-test and post-test.</summary>
public class TestQuestion : IAudited
{
    public int Id { get; set; }
    public int BatchId { get; set; }
    public int SortOrder { get; set; }
    public required string Text { get; set; }
    public required string OptionA { get; set; }
    public required string OptionB { get; set; }
    public string? OptionC { get; set; }
    public string? OptionD { get; set; }

    /// <summary>"A", "B", "C" or "D".</summary>
    public required string Correct { get; set; }

    public IEnumerable<(string Letter, string Text)> Options()
    {
        yield return ("A", OptionA);
        yield return ("B", OptionB);
        if (!string.IsNullOrWhiteSpace(OptionC)) yield return ("C", OptionC);
        if (!string.IsNullOrWhiteSpace(OptionD)) yield return ("D", OptionD);
    }
}

/// <summary>One participant's pre-test or post-test: answers when taken online, else only the score.</summary>
public class TestSubmission : IAudited
{
    public int Id { get; set; }
    public int ParticipantId { get; set; }
    public TestKind Kind { get; set; }
    public TestSource Source { get; set; }

    /// <summary>0–100.</summary>
    public decimal Score { get; set; }

    /// <summary>JSON object question id → letter, for online tests.</summary>
    public string? Answers { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? EnteredBy { get; set; }

    public Participant? Participant { get; set; }

    /// <summary>Score as the share of correct answers, 0–100 with two decimals.</summary>
    public static decimal Grade(IReadOnlyCollection<TestQuestion> questions, IReadOnlyDictionary<int, string> answers)
    {
        if (questions.Count == 0) return 0;
        var correct = questions.Count(q => answers.TryGetValue(q.Id, out var a) && string.Equals(a, q.Correct, StringComparison.OrdinalIgnoreCase));
        return Math.Round(100m * correct / questions.Count, 2);
    }
}

public sealed class TestQuestionConfiguration : IEntityTypeConfiguration<TestQuestion>
{
    public void Configure(EntityTypeBuilder<TestQuestion> e)
    {
        e.Property(x => x.Text).HasMaxLength(2000);
        e.Property(x => x.OptionA).HasMaxLength(500);
        e.Property(x => x.OptionB).HasMaxLength(500);
        e.Property(x => x.OptionC).HasMaxLength(500);
        e.Property(x => x.OptionD).HasMaxLength(500);
        e.Property(x => x.Correct).HasMaxLength(1);
        e.HasIndex(x => new { x.BatchId, x.SortOrder });
        e.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TestSubmissionConfiguration : IEntityTypeConfiguration<TestSubmission>
{
    public void Configure(EntityTypeBuilder<TestSubmission> e)
    {
        e.ToTable(t => t.HasCheckConstraint("ck_test_submissions_score", "score BETWEEN 0 AND 100"));
        e.Property(x => x.Score).HasPrecision(5, 2);
        e.Property(x => x.Answers).HasColumnType("jsonb");
        e.Property(x => x.EnteredBy).HasMaxLength(256);
        e.HasIndex(x => new { x.ParticipantId, x.Kind }).IsUnique();
        e.HasOne(x => x.Participant).WithMany().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Cascade);
    }
}
