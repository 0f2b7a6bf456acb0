-- The live history table as one JSON array. to_jsonb keeps whatever extra
-- columns hosted projects add (created_by, idempotency_key, rollback)
-- without naming them, so this never breaks on a newer table.
SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.version), '[]'::jsonb)::text
FROM supabase_migrations.schema_migrations AS m
