//! Every kind of object drift compares, crafted on the remote one kind at a time.

use super::*;

#[tokio::test]
async fn the_fixture_and_the_example_show_no_drift() {
    for project in [FIXTURE, EXAMPLE] {
        let remote = pushed(&dir(project)).await;
        let report = drift(&dir(project), &remote, options()).await;
        assert_eq!(found(&report), [], "{project}: {}", pretty(&report));
        let drift = report.drift.as_ref().unwrap();
        assert!(drift.expected_objects > 50, "{project}: {drift:?}");
        assert_eq!(drift.expected_objects, drift.actual_objects);
        assert_eq!(
            drift.schemas.first().map(String::as_str),
            Some(if project == FIXTURE { "app" } else { "public" })
        );
        assert_eq!(
            report.status,
            Status::Pass,
            "{project}: {:#?}",
            report.findings
        );
        remote.close().await.unwrap();
    }
}

#[tokio::test]
async fn physical_state_is_not_drift() {
    let remote = pushed(&dir(EXAMPLE)).await;
    let user = "00000000-0000-0000-0000-000000000001";
    by_hand(
        &remote,
        &format!(
            "insert into auth.users (id) values ('{user}');
             insert into public.listings (seller_id, title, price_cents, status)
               select '{user}', 'listing ' || g, g, 'active' from generate_series(1, 500) g;
             delete from public.listings where price_cents % 3 = 0;"
        ),
    )
    .await;
    for maintenance in [
        "VACUUM",
        "ANALYZE",
        "VACUUM FULL",
        "REINDEX TABLE public.listings",
        "CLUSTER public.listings USING listings_pkey",
    ] {
        by_hand(&remote, maintenance).await;
        let report = drift(&dir(EXAMPLE), &remote, options()).await;
        assert_eq!(
            found(&report),
            [],
            "after {maintenance}: {}",
            pretty(&report)
        );
    }
    remote.close().await.unwrap();
}

#[tokio::test]
async fn schemas_extensions_and_tables() {
    crafted(
        "create schema reporting; drop schema archive;",
        &[
            (Extra, "schema", "reporting"),
            (Missing, "schema", "archive"),
        ],
    )
    .await;
    crafted(
        "create extension citext with schema extensions; drop extension pg_trgm; ",
        &[
            (Extra, "extension", "citext"),
            (Missing, "extension", "pg_trgm"),
        ],
    )
    .await;
    crafted(
        "alter extension pg_trgm set schema public;",
        &[(Different, "extension", "pg_trgm")],
    )
    .await;
    crafted(
        "create table public.extra (id int primary key, note text);
         drop table public.tags;
         alter table public.items disable row level security;",
        &[
            (Extra, "table", "public.extra"),
            (Missing, "table", "public.tags"),
            (Different, "table", "public.items"),
        ],
    )
    .await;
}

#[tokio::test]
async fn columns_constraints_and_indexes() {
    crafted(
        "alter table public.items add column note text;
         alter table public.items drop column mood;
         alter table public.items alter column name drop not null;
         alter table public.items alter column ticket set default 7;",
        &[
            (Extra, "column", "public.items.note"),
            (Missing, "column", "public.items.mood"),
            (Different, "column", "public.items.name"),
            (Different, "column", "public.items.ticket"),
        ],
    )
    .await;
    crafted(
        "alter table public.items add constraint items_name_len check (char_length(name) < 200);
         alter table public.items drop constraint items_price_check;
         alter table public.items drop constraint items_owner_id_fkey,
           add constraint items_owner_id_fkey foreign key (owner_id) references auth.users (id) on delete cascade;",
        &[
            (Extra, "constraint", "public.items.items_name_len"),
            (Missing, "constraint", "public.items.items_price_check"),
            (Different, "constraint", "public.items.items_owner_id_fkey"),
        ],
    )
    .await;
    crafted(
        "create index items_mood_idx on public.items (mood);
         drop index public.items_name_idx;
         drop index public.items_ticket_idx;
         create index items_ticket_idx on public.items using hash (ticket);",
        &[
            (Extra, "index", "public.items_mood_idx"),
            (Missing, "index", "public.items_name_idx"),
            (Different, "index", "public.items_ticket_idx"),
        ],
    )
    .await;
}

#[tokio::test]
async fn policies_functions_and_triggers() {
    crafted(
        "create policy \"Anyone reads tags\" on public.tags for select using (true);
         drop policy \"Items are readable\" on public.items;
         alter policy \"Owners edit items\" on public.items to authenticated, anon;",
        &[
            (Extra, "policy", "public.tags.\"Anyone reads tags\""),
            (Missing, "policy", "public.items.\"Items are readable\""),
            (Different, "policy", "public.items.\"Owners edit items\""),
        ],
    )
    .await;
    crafted(
        "create function public.extra_fn() returns int language sql as 'select 1';
         drop function public.unused(integer);
         alter function public.touch() reset search_path;
         create or replace procedure app.cleanup(days integer) language sql as $$ select 1 $$;",
        &[
            (Extra, "function", "public.extra_fn()"),
            (Missing, "function", "public.unused(n integer)"),
            (Different, "function", "public.touch()"),
            (Different, "function", "app.cleanup(IN days integer)"),
        ],
    )
    .await;
    crafted(
        "create trigger items_touch_again before insert on public.items for each row execute function public.touch();
         drop trigger items_audit on public.items;
         alter table public.items disable trigger items_touch;",
        &[
            (Extra, "trigger", "public.items.items_touch_again"),
            (Missing, "trigger", "public.items.items_audit"),
            (Different, "trigger", "public.items.items_touch"),
        ],
    )
    .await;
}

#[tokio::test]
async fn views_types_and_sequences() {
    crafted(
        "create view public.tag_labels as select label from public.tags;
         drop view public.cheap_items;
         drop materialized view public.item_counts;
         alter view public.item_names set (security_invoker = false);",
        &[
            (Extra, "view", "public.tag_labels"),
            (Missing, "view", "public.cheap_items"),
            (Missing, "materialized_view", "public.item_counts"),
            (Different, "view", "public.item_names"),
        ],
    )
    .await;
    crafted(
        "create type public.color as enum ('red');
         drop type public.unused_enum;
         alter type public.mood add value 'ecstatic';",
        &[
            (Extra, "enum_type", "public.color"),
            (Missing, "enum_type", "public.unused_enum"),
            (Different, "enum_type", "public.mood"),
        ],
    )
    .await;
    crafted(
        "create sequence public.extra_seq;
         drop sequence public.unused_seq;
         alter sequence public.ticket_seq increment by 5;",
        &[
            (Extra, "sequence", "public.extra_seq"),
            (Missing, "sequence", "public.unused_seq"),
            (Different, "sequence", "public.ticket_seq"),
        ],
    )
    .await;
}

#[tokio::test]
async fn grants_default_privileges_and_comments() {
    crafted(
        "grant usage on schema app to anon;
         revoke all on public.item_names from anon;
         revoke delete on public.items from authenticated;
         revoke select (name) on public.items from anon;
         revoke execute on function public.unused(integer) from public;",
        &[
            (Extra, "grant", "schema app to anon"),
            (Missing, "grant", "table public.item_names to anon"),
            (Different, "grant", "table public.items to authenticated"),
            (Missing, "grant", "column public.items.name to anon"),
            (
                Missing,
                "grant",
                "function public.unused(n integer) to PUBLIC",
            ),
        ],
    )
    .await;
    crafted(
        "alter default privileges for role postgres in schema app grant usage on sequences to anon;
         alter default privileges for role postgres in schema app revoke select on tables from authenticated;
         alter default privileges for role postgres in schema public revoke delete on tables from anon;",
        &[
            (Extra, "default_privilege", "for role postgres in schema app on sequences to anon"),
            (Missing, "default_privilege", "for role postgres in schema app on tables to authenticated"),
            (Different, "default_privilege", "for role postgres in schema public on tables to anon"),
        ],
    )
    .await;
    crafted(
        "comment on table public.tags is 'Labels';
         comment on column public.items.name is null;
         comment on table public.items is 'Things for sale, and more';",
        &[
            (Extra, "comment", "table public.tags"),
            (Missing, "comment", "column public.items.name"),
            (Different, "comment", "table public.items"),
        ],
    )
    .await;
}

#[tokio::test]
async fn the_projects_objects_in_and_on_supabase_schemas() {
    crafted(
        "alter publication supabase_realtime add table public.item_log;
         alter publication supabase_realtime drop table public.tags;
         alter publication supabase_realtime set table public.items (id, name), public.item_log;",
        &[
            (
                Extra,
                "publication_table",
                "supabase_realtime public.item_log",
            ),
            (
                Missing,
                "publication_table",
                "supabase_realtime public.tags",
            ),
            (
                Different,
                "publication_table",
                "supabase_realtime public.items",
            ),
        ],
    )
    .await;
    crafted(
        "insert into storage.buckets (id, name) values ('docs', 'docs');
         delete from storage.buckets where id = 'public-assets';
         update storage.buckets set public = true where id = 'avatars';",
        &[
            (Extra, "storage_bucket", "docs"),
            (Missing, "storage_bucket", "public-assets"),
            (Different, "storage_bucket", "avatars"),
        ],
    )
    .await;
    crafted(
        "select cron.schedule('extra-job', '* * * * *', 'select 2');
         delete from cron.job where jobname = 'weekly';
         update cron.job set schedule = '0 5 * * *' where jobname = 'nightly-cleanup';",
        &[
            (Extra, "cron_job", "extra-job"),
            (Missing, "cron_job", "weekly"),
            (Different, "cron_job", "nightly-cleanup"),
        ],
    )
    .await;
    crafted(
        "create policy \"Bucket list\" on storage.buckets for select to authenticated using (true);
         drop policy \"Avatar uploads\" on storage.objects;
         alter table auth.users disable trigger on_auth_user_created;
         create trigger platform_hook after insert on auth.users for each row execute function supabase_functions.http_request('http://localhost/hook', 'POST', '{}', '{}', '1000');",
        &[
            (Extra, "policy", "storage.buckets.\"Bucket list\""),
            (Missing, "policy", "storage.objects.\"Avatar uploads\""),
            (Different, "trigger", "auth.users.on_auth_user_created"),
        ],
    )
    .await;
}
