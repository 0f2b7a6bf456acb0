-- schemagate stub: index_advisor (Supabase's index recommendation
-- extension, supabase/index_advisor). Requires hypopg, as the real one
-- does. Provides index_advisor(query text) in @extschema@ with the real
-- result columns; it recommends nothing.
-- schemagate: requires=hypopg
-- schemagate: version=0.2.0

CREATE OR REPLACE FUNCTION @extschema@.index_advisor(query text)
RETURNS TABLE(startup_cost_before jsonb, startup_cost_after jsonb,
              total_cost_before jsonb, total_cost_after jsonb,
              index_statements text[], errors text[])
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  RETURN QUERY SELECT NULL::jsonb, NULL::jsonb, NULL::jsonb, NULL::jsonb, '{}'::text[],
    ARRAY['index_advisor is emulated by schemagate; no recommendation is made']::text[];
END
$fn$;
