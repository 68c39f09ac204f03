using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kompeten.Web.Data.Migrations
{
    /// <summary>
    /// The hot path of an operator's nomination as one server-side statement, so that the batch and
    /// quota row locks are held for microseconds instead of across several network round trips
    /// (docs/decisions/0010-training-seats-and-locks.md). Called by BatchSeats.NominateAsync.
    /// </summary>
    public partial class TrainingNominateFunction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION training_nominate(
                    p_batch integer, p_regency varchar, p_open integer, p_now timestamptz,
                    p_person integer, p_province varchar, p_source integer, p_status integer, p_qr_token varchar, p_created_by varchar,
                    p_audit_user_id text, p_audit_user_name text, p_audit_changes jsonb)
                RETURNS integer
                LANGUAGE plpgsql AS $$
                -- Answers the new participant's id, -1 when the batch is full or no longer takes
                -- nominations, -2 when the regency's quota is full or missing.
                DECLARE
                    v_id integer;
                BEGIN
                    -- A visibly full quota is refused without taking any lock.
                    PERFORM 1 FROM batch_quotas WHERE batch_id = p_batch AND regency_code = p_regency AND taken < seats;
                    IF NOT FOUND THEN RETURN -2; END IF;
                    -- Batch before quota, the lock order of every seat change.
                    UPDATE batches SET seats_taken = seats_taken + 1
                     WHERE id = p_batch AND seats_taken < capacity AND status = p_open AND quotas_released_at IS NULL
                       AND (nomination_deadline IS NULL OR nomination_deadline > p_now);
                    IF NOT FOUND THEN RETURN -1; END IF;
                    UPDATE batch_quotas SET taken = taken + 1
                     WHERE batch_id = p_batch AND regency_code = p_regency AND taken < seats;
                    IF NOT FOUND THEN
                        -- The quota filled up meanwhile: give the batch seat back (this statement still holds its lock).
                        UPDATE batches SET seats_taken = seats_taken - 1 WHERE id = p_batch;
                        RETURN -2;
                    END IF;
                    -- The unique index on active places refuses a second one; the error undoes the seats.
                    INSERT INTO participants (batch_id, person_id, regency_code, province_code, source, status, seat_regency_code, qr_token, created_by, created_at)
                    VALUES (p_batch, p_person, p_regency, p_province, p_source, p_status, p_regency, p_qr_token, p_created_by, p_now)
                    RETURNING id INTO v_id;
                    INSERT INTO audit_entries (entity_type, entity_id, action, user_id, user_name, at, changes)
                    VALUES ('Participant', v_id::text, 'create', p_audit_user_id, p_audit_user_name, p_now, p_audit_changes);
                    RETURN v_id;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS training_nominate(integer, varchar, integer, timestamptz, integer, varchar, integer, integer, varchar, varchar, text, text, jsonb);");
        }
    }
}
