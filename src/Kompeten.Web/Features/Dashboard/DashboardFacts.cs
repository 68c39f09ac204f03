using Npgsql;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>
/// The dashboard reads maintained aggregates instead of scanning 116,686 people and a million rows
/// of history per request (docs/decisions/0006-dashboard-aggregates.md). PostgreSQL keeps them in
/// the same transaction as every change, so they are never stale:
/// <list type="bullet">
/// <item><c>dashboard_deltas</c> — signed counts per (province, regency, metric, key), appended by
/// statement-level triggers with transition tables (insert-only: writers never wait on each other):
/// staff (people), open applications per stage, passed and failed sittings per scheme, candidates
/// per mentor — each per regency and once more per province (regency_code '', what the national view
/// reads). A figure is the sum of its rows; <see cref="CompactAsync"/> folds rows together.</item>
/// <item><c>person_certifications</c> — per certified person: region, last valid-until and first
/// issue date of their non-revoked certificates (row triggers on certificates and people). "Certified
/// today", "expiring within 180 days" and "newly certified in a year" are then date comparisons over
/// a few thousand rows, whatever today is.</item>
/// </list>
/// Installed by the Dashboard migration (<see cref="Install"/>), which also fills them from existing data.
/// </summary>
public static class DashboardFacts
{
    /// <summary>What one application row contributes, from a relation <c>src</c> with a <c>sign</c> column (+1 new, −1 old).</summary>
    private const string ApplicationFacts = """
        SELECT province_code, coalesce(regency_code, ''), metric, key, sum(n) FROM (
            SELECT province_code, regency_code, 'stage' AS metric, status::text AS key, sign::bigint AS n
              FROM src WHERE status NOT IN ('Certified', 'Withdrawn')
            UNION ALL SELECT province_code, regency_code, 'passed', scheme_id::text, sign FROM src WHERE status = 'Certified'
            UNION ALL SELECT province_code, regency_code, 'failed', scheme_id::text,
                             sign * (attempt - 1 + CASE WHEN status = 'NotYetCompetent' THEN 1 ELSE 0 END) FROM src
            UNION ALL SELECT province_code, regency_code, 'mentoring', mentor_user_id, sign FROM src
              WHERE status IN ('Submitted', 'RevisionRequested', 'Resubmitted') AND mentor_user_id IS NOT NULL
        ) f GROUP BY GROUPING SETS ((province_code, regency_code, metric, key), (province_code, metric, key)) HAVING sum(n) <> 0
        """;

    /// <summary>Every fact is written per regency and once more per province with regency_code '' (the national view reads only those).</summary>
    private const string BothLevels = "GROUP BY GROUPING SETS ((province_code, regency_code), (province_code))";

    private const string ApplicationColumns = "province_code, regency_code, status, scheme_id, attempt, mentor_user_id";
    private const string Insert = "INSERT INTO dashboard_deltas (province_code, regency_code, metric, key, n)";

    public static readonly string Install = $"""
        CREATE TABLE dashboard_deltas (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            province_code text NOT NULL,
            regency_code text NOT NULL,
            metric text NOT NULL,
            key text NOT NULL,
            n bigint NOT NULL);
        CREATE INDEX ix_dashboard_deltas_scope ON dashboard_deltas (province_code, regency_code, metric, key) INCLUDE (n);
        CREATE INDEX ix_dashboard_deltas_provinces ON dashboard_deltas (metric, key) INCLUDE (province_code, n) WHERE regency_code = '';

        CREATE TABLE person_certifications (
            person_id integer PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
            province_code text NOT NULL,
            regency_code text NOT NULL,
            last_valid_until date NOT NULL,
            first_issued_on date NOT NULL);
        CREATE INDEX ix_person_certifications_scope ON person_certifications (province_code, regency_code, last_valid_until, first_issued_on);

        -- people → staff per regency
        CREATE FUNCTION dashboard_people_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert} SELECT province_code, coalesce(regency_code, ''), 'staff', '', count(*) FROM new_rows {BothLevels};
            RETURN NULL;
        END $$;
        CREATE FUNCTION dashboard_people_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert} SELECT province_code, coalesce(regency_code, ''), 'staff', '', -count(*) FROM old_rows {BothLevels};
            RETURN NULL;
        END $$;
        CREATE FUNCTION dashboard_people_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert} SELECT province_code, coalesce(regency_code, ''), 'staff', '', sum(sign) FROM (
                SELECT province_code, regency_code, 1 AS sign FROM new_rows
                UNION ALL SELECT province_code, regency_code, -1 FROM old_rows) m
            {BothLevels} HAVING sum(sign) <> 0;
            RETURN NULL;
        END $$;
        CREATE TRIGGER people_dashboard_inserted AFTER INSERT ON people REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_people_inserted();
        CREATE TRIGGER people_dashboard_deleted AFTER DELETE ON people REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_people_deleted();
        CREATE TRIGGER people_dashboard_updated AFTER UPDATE ON people REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_people_updated();

        -- applications → stages, sittings per scheme, candidates per mentor
        CREATE FUNCTION dashboard_applications_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert} WITH src AS (SELECT {ApplicationColumns}, 1 AS sign FROM new_rows) {ApplicationFacts};
            RETURN NULL;
        END $$;
        CREATE FUNCTION dashboard_applications_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert} WITH src AS (SELECT {ApplicationColumns}, -1 AS sign FROM old_rows) {ApplicationFacts};
            RETURN NULL;
        END $$;
        CREATE FUNCTION dashboard_applications_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert} WITH src AS (SELECT {ApplicationColumns}, 1 AS sign FROM new_rows UNION ALL SELECT {ApplicationColumns}, -1 FROM old_rows) {ApplicationFacts};
            RETURN NULL;
        END $$;
        CREATE TRIGGER applications_dashboard_inserted AFTER INSERT ON applications REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_applications_inserted();
        CREATE TRIGGER applications_dashboard_deleted AFTER DELETE ON applications REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_applications_deleted();
        CREATE TRIGGER applications_dashboard_updated AFTER UPDATE ON applications REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_applications_updated();

        -- certificates → one row per certified person
        CREATE FUNCTION dashboard_refresh_person_certification(pid integer) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE r record;
        BEGIN
            -- Serialises concurrent certificate changes of one person (each statement below then sees the other's commit);
            -- NO KEY UPDATE does not block inserting certificates, whose foreign key only takes KEY SHARE.
            PERFORM 1 FROM people WHERE id = pid FOR NO KEY UPDATE;
            SELECT p.province_code, p.regency_code, max(c.valid_until) AS last_valid, min(c.issued_on) AS first_issued INTO r
              FROM people p JOIN certificates c ON c.person_id = p.id AND c.revoked_at IS NULL
             WHERE p.id = pid GROUP BY p.id;
            IF NOT FOUND THEN
                DELETE FROM person_certifications WHERE person_id = pid;
            ELSE
                INSERT INTO person_certifications (person_id, province_code, regency_code, last_valid_until, first_issued_on)
                VALUES (pid, r.province_code, r.regency_code, r.last_valid, r.first_issued)
                ON CONFLICT (person_id) DO UPDATE SET province_code = EXCLUDED.province_code, regency_code = EXCLUDED.regency_code,
                    last_valid_until = EXCLUDED.last_valid_until, first_issued_on = EXCLUDED.first_issued_on;
            END IF;
        END $$;
        CREATE FUNCTION dashboard_certificate_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM dashboard_refresh_person_certification(OLD.person_id); END IF;
            IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.person_id <> OLD.person_id) THEN PERFORM dashboard_refresh_person_certification(NEW.person_id); END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER certificates_dashboard AFTER INSERT OR UPDATE OF person_id, valid_until, issued_on, revoked_at OR DELETE ON certificates
            FOR EACH ROW EXECUTE FUNCTION dashboard_certificate_changed();
        CREATE FUNCTION dashboard_person_moved() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE person_certifications SET province_code = NEW.province_code, regency_code = NEW.regency_code WHERE person_id = NEW.id;
            RETURN NULL;
        END $$;
        CREATE TRIGGER people_dashboard_moved AFTER UPDATE OF province_code, regency_code ON people FOR EACH ROW
            WHEN (OLD.province_code IS DISTINCT FROM NEW.province_code OR OLD.regency_code IS DISTINCT FROM NEW.regency_code)
            EXECUTE FUNCTION dashboard_person_moved();

        -- TRUNCATE fires no row or delete triggers: forget what the emptied table contributed.
        CREATE FUNCTION dashboard_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_TABLE_NAME = 'people' THEN DELETE FROM dashboard_deltas WHERE metric = 'staff'; DELETE FROM person_certifications; END IF;
            IF TG_TABLE_NAME = 'applications' THEN DELETE FROM dashboard_deltas WHERE metric IN ('stage', 'passed', 'failed', 'mentoring'); END IF;
            IF TG_TABLE_NAME = 'certificates' THEN DELETE FROM person_certifications; END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER people_dashboard_truncated AFTER TRUNCATE ON people FOR EACH STATEMENT EXECUTE FUNCTION dashboard_truncated();
        CREATE TRIGGER applications_dashboard_truncated AFTER TRUNCATE ON applications FOR EACH STATEMENT EXECUTE FUNCTION dashboard_truncated();
        CREATE TRIGGER certificates_dashboard_truncated AFTER TRUNCATE ON certificates FOR EACH STATEMENT EXECUTE FUNCTION dashboard_truncated();

        -- What is already there.
        {Insert} SELECT province_code, coalesce(regency_code, ''), 'staff', '', count(*) FROM people {BothLevels};
        {Insert} WITH src AS (SELECT {ApplicationColumns}, 1 AS sign FROM applications) {ApplicationFacts};
        INSERT INTO person_certifications (person_id, province_code, regency_code, last_valid_until, first_issued_on)
        SELECT p.id, p.province_code, p.regency_code, max(c.valid_until), min(c.issued_on)
          FROM people p JOIN certificates c ON c.person_id = p.id AND c.revoked_at IS NULL GROUP BY p.id;
        """;

    public const string Uninstall = """
        DROP TRIGGER IF EXISTS people_dashboard_inserted ON people;
        DROP TRIGGER IF EXISTS people_dashboard_deleted ON people;
        DROP TRIGGER IF EXISTS people_dashboard_updated ON people;
        DROP TRIGGER IF EXISTS people_dashboard_moved ON people;
        DROP TRIGGER IF EXISTS people_dashboard_truncated ON people;
        DROP TRIGGER IF EXISTS applications_dashboard_inserted ON applications;
        DROP TRIGGER IF EXISTS applications_dashboard_deleted ON applications;
        DROP TRIGGER IF EXISTS applications_dashboard_updated ON applications;
        DROP TRIGGER IF EXISTS applications_dashboard_truncated ON applications;
        DROP TRIGGER IF EXISTS certificates_dashboard ON certificates;
        DROP TRIGGER IF EXISTS certificates_dashboard_truncated ON certificates;
        DROP FUNCTION IF EXISTS dashboard_people_inserted(), dashboard_people_deleted(), dashboard_people_updated(), dashboard_person_moved(),
            dashboard_applications_inserted(), dashboard_applications_deleted(), dashboard_applications_updated(),
            dashboard_certificate_changed(), dashboard_refresh_person_certification(integer), dashboard_truncated();
        DROP TABLE IF EXISTS dashboard_deltas;
        DROP TABLE IF EXISTS person_certifications;
        """;

    /// <summary>Folds the delta rows into one row per (region, metric, key). Safe alongside writers and other instances.</summary>
    public static async Task<(long Before, long After)> CompactAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            WITH moved AS (DELETE FROM dashboard_deltas RETURNING province_code, regency_code, metric, key, n),
                 folded AS (INSERT INTO dashboard_deltas (province_code, regency_code, metric, key, n)
                            SELECT province_code, regency_code, metric, key, sum(n) FROM moved GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
                            RETURNING 1)
            SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM folded)
            """, connection, tx);
        long before = 0, after = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct)) (before, after) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        await tx.CommitAsync(ct);
        return (before, after);
    }
}

/// <summary>Compacts the dashboard's delta rows now and then (Kompeten:Dashboard:CompactMinutes, default 15; 0 = never).</summary>
public sealed class DashboardFactsCompaction(NpgsqlDataSource dataSource, IConfiguration config, ILogger<DashboardFactsCompaction> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = config.GetValue("Kompeten:Dashboard:CompactMinutes", 15);
        if (minutes <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var (before, after) = await DashboardFacts.CompactAsync(dataSource, stoppingToken);
                if (before != after) log.LogInformation("Ringkasan dasbor dipadatkan: {Before} → {After} baris", before, after);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                log.LogWarning(e, "Pemadatan ringkasan dasbor gagal; dicoba lagi pada putaran berikutnya.");
            }
        }
    }
}
