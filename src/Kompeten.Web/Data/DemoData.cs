namespace Kompeten.Web.Data;

/// <summary>Demo Kalsel: filled in by the demo-data work (issue 2 §2).</summary>
public sealed class DemoData(AppDbContext db)
{
    public Task LoadAsync(bool printAccounts) => throw new NotImplementedException(db.GetType().Name);
}
