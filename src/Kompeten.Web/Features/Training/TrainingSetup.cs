using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Training;

public static class TrainingSetup
{
    /// <summary>
    /// Admission control for seat requests. A registration rush sends thousands at once; running
    /// them all together only makes them fight over connections, row locks and the processor
    /// (measured: 846 attempts/s with 2,000 in flight against 1,760/s arriving at a steady rate),
    /// so a fixed number run and the rest queue in arrival order.
    /// </summary>
    public const string SeatRequestsPolicy = "seat-requests";

    /// <summary>The seat-request queue is shared by everyone, so its 429 says so (not "your address").</summary>
    public static readonly Infrastructure.RateLimiting.RejectionMessage SeatQueueFull = new(
        "Permintaan kursi sedang sangat banyak dan antrean penuh. Coba lagi dalam beberapa detik; kursi tetap dibagikan sesuai urutan permintaan yang diproses.");

    public static void AddTraining(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<TrainingOptions>(config.GetSection("Kompeten:Training"));
        var training = config.GetSection("Kompeten:Training").Get<TrainingOptions>() ?? new TrainingOptions();
        services.AddRateLimiter(o => o.AddPolicy(SeatRequestsPolicy, _ => RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = training.SeatRequestConcurrency > 0 ? training.SeatRequestConcurrency : 8 * Environment.ProcessorCount,
            QueueLimit = training.SeatRequestQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        })));
        services.AddSingleton<VenueClock>();
        services.AddScoped<BatchSeats>();
        services.AddScoped<AttendanceBook>();
        services.AddScoped<CertificateRegister>();
        services.AddScoped<CertificatePdf>();
        services.AddScoped<AttendanceSheet>();
        services.AddScoped<InvitationLetter>();
        services.AddScoped<TestScores>();
        services.AddScoped<ActivityReport>();
        services.AddHostedService<TrainingSweep>();
    }
}

/// <summary>
/// Releases regency quotas after their nomination deadline and passes expired waiting-list offers
/// on, even when nobody opens the batch's pages (which also catch up on their own).
/// </summary>
public sealed class TrainingSweep(IServiceScopeFactory scopes, IOptions<TrainingOptions> options, ILogger<TrainingSweep> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.SweepSeconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepSeconds));
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Penyapuan daftar tunggu pelatihan gagal; dicoba lagi pada putaran berikutnya");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var seats = scope.ServiceProvider.GetRequiredService<BatchSeats>();
        foreach (var batchId in await seats.BatchesDueAsync(ct))
        {
            await using var inner = scopes.CreateAsyncScope();
            var result = await inner.ServiceProvider.GetRequiredService<BatchSeats>().CatchUpAsync(batchId, ct: ct);
            if (result.AnythingHappened) log.LogInformation("Angkatan {Batch}: {Released} kursi kuota dilepas, {Expired} tawaran kedaluwarsa, {Offers} tawaran baru", batchId, result.ReleasedSeats, result.ExpiredOffers, result.NewOffers);
        }
    }
}
