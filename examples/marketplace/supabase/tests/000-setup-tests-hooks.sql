-- Test helpers with the interface of basejump's supabase-test-helpers
-- (tests.create_supabase_user, tests.get_supabase_uid,
-- tests.get_supabase_user, tests.authenticate_as,
-- tests.clear_authentication), vendored the way `supabase test db` projects
-- do it: a set-up file that runs first and commits, so the test files
-- after it can call them. Its no-op test gives pg_prove a plan.
create extension if not exists pgtap with schema extensions;

create schema if not exists tests;
grant usage on schema tests to anon, authenticated;

-- A user in auth.users, found again by `identifier`.
create or replace function tests.create_supabase_user(identifier text, email text default null, phone text default null, metadata jsonb default null)
returns uuid
language plpgsql security definer set search_path = auth, pg_temp as $$
declare
  user_id uuid := extensions.gen_random_uuid();
begin
  insert into auth.users (id, email, phone, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
  values (user_id, coalesce(email, concat(user_id, '@test.com')), phone,
          jsonb_build_object('test_identifier', identifier) || coalesce(metadata, '{}'::jsonb),
          '{}'::jsonb, now(), now());
  return user_id;
end
$$;

create or replace function tests.get_supabase_user(identifier text)
returns json
language sql security definer set search_path = auth, pg_temp as $$
  select json_build_object('id', id, 'email', email, 'phone', phone,
                           'raw_user_meta_data', raw_user_meta_data,
                           'raw_app_meta_data', raw_app_meta_data)
  from auth.users
  where raw_user_meta_data ->> 'test_identifier' = identifier
  limit 1
$$;

create or replace function tests.get_supabase_uid(identifier text)
returns uuid
language plpgsql security definer set search_path = auth, pg_temp as $$
declare
  user_id uuid;
begin
  select id into user_id from auth.users
  where raw_user_meta_data ->> 'test_identifier' = identifier
  limit 1;
  if user_id is null then
    raise exception 'User with identifier % not found', identifier;
  end if;
  return user_id;
end
$$;

-- Acts as the user for the rest of the transaction, as PostgREST would:
-- role authenticated and the user's claims in request.jwt.claims.
create or replace function tests.authenticate_as(identifier text)
returns void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  user_data json := tests.get_supabase_user(identifier);
begin
  if user_data is null or user_data ->> 'id' is null then
    raise exception 'User with identifier % not found', identifier;
  end if;
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object(
    'sub', user_data ->> 'id', 'role', 'authenticated',
    'email', user_data ->> 'email', 'phone', user_data ->> 'phone',
    'user_metadata', user_data -> 'raw_user_meta_data',
    'app_metadata', user_data -> 'raw_app_meta_data')::text, true);
end
$$;

-- Back to an anonymous API caller.
create or replace function tests.clear_authentication()
returns void
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', null, true);
end
$$;

begin;
select plan(1);
select ok(true, 'Pre-test hook completed successfully');
select * from finish();
rollback;
