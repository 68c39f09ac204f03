using System.Threading.Channels;

namespace Kompeten.Web.Features.Registry.Import;

public sealed record ImportWork(Guid SessionId, bool Apply);

/// <summary>Imports waiting for the background worker (checking a large file, or applying many rows).</summary>
public sealed class ImportQueue
{
    private readonly Channel<ImportWork> _channel = Channel.CreateUnbounded<ImportWork>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<ImportWork> Reader => _channel.Reader;

    public void Enqueue(ImportWork work)
    {
        if (!_channel.Writer.TryWrite(work)) throw new InvalidOperationException("Antrean impor tertutup.");
    }
}

/// <summary>
/// Works through <see cref="ImportQueue"/> one import at a time (the machine is small and an
/// import is already set-based), after resuming what a restart interrupted. Progress is written
/// to the session row, which the preview page polls.
/// </summary>
public sealed class ImportWorker(ImportQueue queue, IServiceScopeFactory scopes, ILogger<ImportWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var import = scope.ServiceProvider.GetRequiredService<RosterImport>();
                await import.PurgeAsync(stoppingToken);
                foreach (var id in await import.RecoverAsync(stoppingToken)) queue.Enqueue(new ImportWork(id, Apply: false));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Impor yang terhenti tidak dapat dilanjutkan");
        }

        var lastPurge = DateTime.UtcNow;
        await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var import = scope.ServiceProvider.GetRequiredService<RosterImport>();
                if (work.Apply) await import.ApplyClaimedAsync(work.SessionId, stoppingToken);
                else await import.StageAsync(work.SessionId, stoppingToken);
                if (DateTime.UtcNow - lastPurge > TimeSpan.FromHours(6))
                {
                    lastPurge = DateTime.UtcNow;
                    await import.PurgeAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Pekerjaan impor {Session} gagal", work.SessionId);
            }
        }
    }
}
