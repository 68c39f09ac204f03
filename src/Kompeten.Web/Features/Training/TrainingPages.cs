using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>The title block and tabs every batch page shows.</summary>
public sealed record BatchHeader(int Id, int Number, string ProgrammeName, int ProgrammeId, BatchStatus Status, DateOnly StartDate, DateOnly EndDate, string Venue, int SeatsTaken, int Capacity, string ProvinceCode)
{
    public string Name => $"Angkatan {Batch.Roman(Number)}";
}

public static class TrainingPages
{
    /// <summary>The batch's header when the user's scope covers its province; null otherwise (answered as 404).</summary>
    public static Task<BatchHeader?> HeaderAsync(AppDbContext db, int batchId, UserScope scope) =>
        db.Batches.AsNoTracking().InScope(scope).Where(b => b.Id == batchId)
            .Select(b => new BatchHeader(b.Id, b.Number, b.Programme!.Name, b.ProgrammeId, b.Status, b.StartDate, b.EndDate, b.Venue, b.SeatsTaken, b.Capacity, b.ProvinceCode))
            .FirstOrDefaultAsync();
}
