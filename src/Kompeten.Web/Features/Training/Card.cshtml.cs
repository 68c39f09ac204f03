using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// A participant's personal QR card for the door: printable, or shared to the participant by
/// WhatsApp. Staff in scope, and the participant themselves, may open it.
/// </summary>
[Authorize]
public class CardModel(AppDbContext db, UserScope scope, IAuthorizationService authz, VenueClock venue) : PageModel
{
    public sealed record CardData(int Id, int PersonId, string Name, string RegencyCode, string Programme, int Number, DateOnly Start, DateOnly End, string Venue, string Token, ParticipantStatus Status);

    public CardData Card { get; private set; } = null!;
    public string QrDataUri { get; private set; } = "";
    public string WhatsAppLink { get; private set; } = "";
    public VenueClock Clock => venue;

    public async Task<IActionResult> OnGetAsync(int participantId)
    {
        var query = db.Participants.AsNoTracking().Where(p => p.Id == participantId);
        var staff = (await authz.AuthorizeAsync(User, Policies.RegistryRead)).Succeeded;
        query = staff ? query.InScope(scope) : query.Where(p => p.PersonId == scope.PersonId);
        var card = await query.Select(p => new CardData(p.Id, p.PersonId, p.Person!.FullName, p.RegencyCode, p.Batch!.Programme!.Name, p.Batch.Number,
            p.Batch.StartDate, p.Batch.EndDate, p.Batch.Venue, p.QrToken, p.Status)).FirstOrDefaultAsync();
        if (card is null) return NotFound();
        Card = card;
        QrDataUri = Infrastructure.QrCode.PngDataUri(card.Token, 8);
        var text = $"Yth. {card.Name}, Anda terdaftar sebagai peserta {card.Programme} Angkatan {Batch.Roman(card.Number)}, " +
                   $"{TrainingScope.DateRange(card.Start, card.End)} di {card.Venue}. Kode kehadiran Anda: {card.Token} " +
                   "(tunjukkan QR di kartu peserta kepada panitia saat registrasi setiap sesi).";
        WhatsAppLink = Infrastructure.WhatsApp.Share(text);
        return Page();
    }
}
