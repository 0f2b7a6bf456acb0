-- =============================================================================
-- schemagate platform shim: storage (storage-api)
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- storage: the storage service's tables (its tenant migrations), owned by
-- supabase_storage_admin; postgres has ALL WITH GRANT OPTION on buckets and
-- objects (supabase/postgres 20250623) but no CREATE on the schema.
-- -----------------------------------------------------------------------------
SELECT schemagate_shim._ensure('storage.buckets', $ddl$
  CREATE TABLE storage.buckets (
    id text NOT NULL PRIMARY KEY,
    name text NOT NULL,
    owner uuid,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    public boolean DEFAULT false,
    avif_autodetection boolean DEFAULT false,
    file_size_limit bigint,
    allowed_mime_types text[],
    owner_id text
  );
  COMMENT ON COLUMN storage.buckets.owner IS 'Field is deprecated, use owner_id instead';
  CREATE UNIQUE INDEX bname ON storage.buckets USING btree (name);
  ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
  ALTER TABLE storage.buckets OWNER TO supabase_storage_admin;
  GRANT ALL ON TABLE storage.buckets TO anon, authenticated, service_role;
  GRANT ALL ON TABLE storage.buckets TO postgres WITH GRANT OPTION;
$ddl$);

SELECT schemagate_shim._ensure('storage.objects', $ddl$
  CREATE TABLE storage.objects (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    bucket_id text,
    name text,
    owner uuid,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    last_accessed_at timestamp with time zone DEFAULT now(),
    metadata jsonb,
    path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/'::text)) STORED,
    version text,
    owner_id text,
    user_metadata jsonb,
    CONSTRAINT "objects_bucketId_fkey" FOREIGN KEY (bucket_id) REFERENCES storage.buckets(id)
  );
  COMMENT ON COLUMN storage.objects.owner IS 'Field is deprecated, use owner_id instead';
  CREATE UNIQUE INDEX bucketid_objname ON storage.objects USING btree (bucket_id, name);
  CREATE INDEX name_prefix_search ON storage.objects USING btree (name text_pattern_ops);
  ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
  ALTER TABLE storage.objects OWNER TO supabase_storage_admin;
  GRANT ALL ON TABLE storage.objects TO anon, authenticated, service_role;
  GRANT ALL ON TABLE storage.objects TO postgres WITH GRANT OPTION;
$ddl$);

SELECT schemagate_shim._ensure('storage.migrations', $ddl$
  CREATE TABLE storage.migrations (
    id integer NOT NULL PRIMARY KEY,
    name character varying(100) NOT NULL UNIQUE,
    hash character varying(40) NOT NULL,
    executed_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP
  );
  ALTER TABLE storage.migrations ENABLE ROW LEVEL SECURITY;
  ALTER TABLE storage.migrations OWNER TO supabase_storage_admin;
$ddl$);

-- Path helpers used in storage policies: 'a/b/c.png' -> {a,b}, 'c.png', 'png'.
SELECT schemagate_shim._ensure('storage.foldername(text)', $ddl$
  CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE
    _parts text[];
  BEGIN
    SELECT string_to_array(name, '/') INTO _parts;
    RETURN _parts[1 : array_length(_parts, 1) - 1];
  END
  $$;
  ALTER FUNCTION storage.foldername(text) OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.foldername(text) TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('storage.filename(text)', $ddl$
  CREATE FUNCTION storage.filename(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE
    _parts text[];
  BEGIN
    SELECT string_to_array(name, '/') INTO _parts;
    RETURN _parts[array_length(_parts, 1)];
  END
  $$;
  ALTER FUNCTION storage.filename(text) OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.filename(text) TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('storage.extension(text)', $ddl$
  CREATE FUNCTION storage.extension(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE
    _filename text;
  BEGIN
    _filename := storage.filename(name);
    IF position('.' IN _filename) = 0 THEN
      RETURN '';
    END IF;
    RETURN reverse(split_part(reverse(_filename), '.', 1));
  END
  $$;
  ALTER FUNCTION storage.extension(text) OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.extension(text) TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('storage.search(text,text,integer,integer,integer,text,text,text)', $ddl$
  CREATE FUNCTION storage.search(
    prefix text,
    bucketname text,
    limits integer DEFAULT 100,
    levels integer DEFAULT 1,
    offsets integer DEFAULT 0,
    search text DEFAULT ''::text,
    sortcolumn text DEFAULT 'name'::text,
    sortorder text DEFAULT 'asc'::text
  ) RETURNS TABLE(name text, id uuid, updated_at timestamp with time zone,
                  created_at timestamp with time zone, last_accessed_at timestamp with time zone,
                  metadata jsonb)
  LANGUAGE plpgsql STABLE AS $$
  BEGIN
    -- One level of the folder tree under prefix; folders come back with a
    -- NULL id, as the storage API expects.
    RETURN QUERY EXECUTE format(
      $q$
      WITH folders AS (
        SELECT o.path_tokens[$1] AS folder
        FROM storage.objects o
        WHERE o.name ILIKE $2 || $3 || '%%'
          AND o.bucket_id = $4
          AND array_length(o.path_tokens, 1) <> $1
        GROUP BY folder
      )
      SELECT folder, NULL::uuid, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::jsonb
      FROM folders
      UNION ALL
      SELECT o.path_tokens[$1], o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata
      FROM storage.objects o
      WHERE o.name ILIKE $2 || $3 || '%%'
        AND o.bucket_id = $4
        AND array_length(o.path_tokens, 1) = $1
      ORDER BY 1 %s
      LIMIT $5 OFFSET $6
      $q$,
      CASE WHEN lower(sortorder) = 'desc' THEN 'DESC' ELSE 'ASC' END)
    USING levels, prefix, search, bucketname, limits, offsets;
  END
  $$;
  ALTER FUNCTION storage.search(text, text, integer, integer, integer, text, text, text) OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.search(text, text, integer, integer, integer, text, text, text) TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('storage.get_size_by_bucket()', $ddl$
  CREATE FUNCTION storage.get_size_by_bucket() RETURNS TABLE(size bigint, bucket_id text)
  LANGUAGE plpgsql STABLE AS $$
  BEGIN
    RETURN QUERY
      SELECT sum((o.metadata ->> 'size')::bigint)::bigint, o.bucket_id
      FROM storage.objects o
      GROUP BY o.bucket_id;
  END
  $$;
  ALTER FUNCTION storage.get_size_by_bucket() OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.get_size_by_bucket() TO postgres, dashboard_user;
$ddl$);
