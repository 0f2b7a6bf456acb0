//! Every kind of object drift compares, crafted on the remote one kind at a time.

use super::*;

#[tokio::test]
async fn the_fixture_and_the_example_show_no_drift() {
    for project in [FIXTURE, EXAMPLE] {
        let remote = pushed(project).await;
        let report = no_drift(&dir(project), &remote, project).await;
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
    let user = "00000000-0000-0000-0000-000000000001";
    let rows = format!(
        "insert into auth.users (id) values ('{user}');
         insert into public.listings (seller_id, title, price_cents, status)
           select '{user}', 'listing ' || g, g, 'active' from generate_series(1, 500) g;
         delete from public.listings where price_cents % 3 = 0;"
    );
    let remote = changed_by_hand(EXAMPLE, &rows).await;
    for maintenance in [
        "VACUUM",
        "ANALYZE",
        "VACUUM FULL",
        "REINDEX TABLE public.listings",
        "CLUSTER public.listings USING listings_pkey",
    ] {
        by_hand(&remote, maintenance).await;
        no_drift(&dir(EXAMPLE), &remote, &format!("after {maintenance}")).await;
    }
    remote.close().await.unwrap();
}

/// A change made by hand on the remote (the fixture pushed to it), and
/// exactly the differences drift must report for it.
struct Crafted {
    name: &'static str,
    sql: &'static str,
    expected: &'static [(DifferenceKind, &'static str, &'static str)],
}

/// Every kind of object, one kind at a time: one extra, one missing, one different.
const CRAFTED: &[Crafted] = &[
    Crafted {
        name: "schemas",
        sql: "create schema reporting; drop schema archive;",
        expected: &[
            (Extra, "schema", "reporting"),
            (Missing, "schema", "archive"),
        ],
    },
    Crafted {
        name: "extensions",
        sql: "create extension citext with schema extensions; drop extension pg_trgm; ",
        expected: &[
            (Extra, "extension", "citext"),
            (Missing, "extension", "pg_trgm"),
        ],
    },
    Crafted {
        name: "an extension's schema",
        sql: "alter extension pg_trgm set schema public;",
        expected: &[(Different, "extension", "pg_trgm")],
    },
    Crafted {
        name: "tables",
        sql: "create table public.extra (id int primary key, note text);
         drop table public.tags;
         alter table public.items disable row level security;",
        expected: &[
            (Extra, "table", "public.extra"),
            (Missing, "table", "public.tags"),
            (Different, "table", "public.items"),
        ],
    },
    Crafted {
        name: "columns",
        sql: "alter table public.items add column note text;
         alter table public.items drop column mood;
         alter table public.items alter column name drop not null;
         alter table public.items alter column ticket set default 7;",
        expected: &[
            (Extra, "column", "public.items.note"),
            (Missing, "column", "public.items.mood"),
            (Different, "column", "public.items.name"),
            (Different, "column", "public.items.ticket"),
        ],
    },
    Crafted {
        name: "constraints",
        sql: "alter table public.items add constraint items_name_len check (char_length(name) < 200);
         alter table public.items drop constraint items_price_check;
         alter table public.items drop constraint items_owner_id_fkey,
           add constraint items_owner_id_fkey foreign key (owner_id) references auth.users (id) on delete cascade;",
        expected: &[
            (Extra, "constraint", "public.items.items_name_len"),
            (Missing, "constraint", "public.items.items_price_check"),
            (Different, "constraint", "public.items.items_owner_id_fkey"),
        ],
    },
    Crafted {
        name: "indexes",
        sql: "create index items_mood_idx on public.items (mood);
         drop index public.items_name_idx;
         drop index public.items_ticket_idx;
         create index items_ticket_idx on public.items using hash (ticket);",
        expected: &[
            (Extra, "index", "public.items_mood_idx"),
            (Missing, "index", "public.items_name_idx"),
            (Different, "index", "public.items_ticket_idx"),
        ],
    },
    Crafted {
        name: "policies",
        sql: "create policy \"Anyone reads tags\" on public.tags for select using (true);
         drop policy \"Items are readable\" on public.items;
         alter policy \"Owners edit items\" on public.items to authenticated, anon;",
        expected: &[
            (Extra, "policy", "public.tags.\"Anyone reads tags\""),
            (Missing, "policy", "public.items.\"Items are readable\""),
            (Different, "policy", "public.items.\"Owners edit items\""),
        ],
    },
    Crafted {
        name: "functions",
        sql: "create function public.extra_fn() returns int language sql as 'select 1';
         drop function public.unused(integer);
         alter function public.touch() reset search_path;
         create or replace procedure app.cleanup(days integer) language sql as $$ select 1 $$;",
        expected: &[
            (Extra, "function", "public.extra_fn()"),
            (Missing, "function", "public.unused(n integer)"),
            (Different, "function", "public.touch()"),
            (Different, "function", "app.cleanup(IN days integer)"),
        ],
    },
    Crafted {
        name: "triggers",
        sql: "create trigger items_touch_again before insert on public.items for each row execute function public.touch();
         drop trigger items_audit on public.items;
         alter table public.items disable trigger items_touch;",
        expected: &[
            (Extra, "trigger", "public.items.items_touch_again"),
            (Missing, "trigger", "public.items.items_audit"),
            (Different, "trigger", "public.items.items_touch"),
        ],
    },
    Crafted {
        name: "views",
        sql: "create view public.tag_labels as select label from public.tags;
         drop view public.cheap_items;
         drop materialized view public.item_counts;
         alter view public.item_names set (security_invoker = false);",
        expected: &[
            (Extra, "view", "public.tag_labels"),
            (Missing, "view", "public.cheap_items"),
            (Missing, "materialized_view", "public.item_counts"),
            (Different, "view", "public.item_names"),
        ],
    },
    Crafted {
        name: "enum types",
        sql: "create type public.color as enum ('red');
         drop type public.unused_enum;
         alter type public.mood add value 'ecstatic';",
        expected: &[
            (Extra, "enum_type", "public.color"),
            (Missing, "enum_type", "public.unused_enum"),
            (Different, "enum_type", "public.mood"),
        ],
    },
    Crafted {
        name: "sequences",
        sql: "create sequence public.extra_seq;
         drop sequence public.unused_seq;
         alter sequence public.ticket_seq increment by 5;",
        expected: &[
            (Extra, "sequence", "public.extra_seq"),
            (Missing, "sequence", "public.unused_seq"),
            (Different, "sequence", "public.ticket_seq"),
        ],
    },
    Crafted {
        name: "grants",
        sql: "grant usage on schema app to anon;
         revoke all on public.item_names from anon;
         revoke delete on public.items from authenticated;
         revoke select (name) on public.items from anon;
         revoke execute on function public.unused(integer) from public;",
        expected: &[
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
    },
    Crafted {
        name: "default privileges",
        sql: "alter default privileges for role postgres in schema app grant usage on sequences to anon;
         alter default privileges for role postgres in schema app revoke select on tables from authenticated;
         alter default privileges for role postgres in schema public revoke delete on tables from anon;",
        expected: &[
            (Extra, "default_privilege", "for role postgres in schema app on sequences to anon"),
            (Missing, "default_privilege", "for role postgres in schema app on tables to authenticated"),
            (Different, "default_privilege", "for role postgres in schema public on tables to anon"),
        ],
    },
    Crafted {
        name: "comments",
        sql: "comment on table public.tags is 'Labels';
         comment on column public.items.name is null;
         comment on table public.items is 'Things for sale, and more';",
        expected: &[
            (Extra, "comment", "table public.tags"),
            (Missing, "comment", "column public.items.name"),
            (Different, "comment", "table public.items"),
        ],
    },
    Crafted {
        name: "publication tables",
        sql: "alter publication supabase_realtime add table public.item_log;
         alter publication supabase_realtime drop table public.tags;
         alter publication supabase_realtime set table public.items (id, name), public.item_log;",
        expected: &[
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
    },
    Crafted {
        name: "storage buckets",
        sql: "insert into storage.buckets (id, name) values ('docs', 'docs');
         delete from storage.buckets where id = 'public-assets';
         update storage.buckets set public = true where id = 'avatars';",
        expected: &[
            (Extra, "storage_bucket", "docs"),
            (Missing, "storage_bucket", "public-assets"),
            (Different, "storage_bucket", "avatars"),
        ],
    },
    Crafted {
        name: "cron jobs",
        sql: "select cron.schedule('extra-job', '* * * * *', 'select 2');
         delete from cron.job where jobname = 'weekly';
         update cron.job set schedule = '0 5 * * *' where jobname = 'nightly-cleanup';",
        expected: &[
            (Extra, "cron_job", "extra-job"),
            (Missing, "cron_job", "weekly"),
            (Different, "cron_job", "nightly-cleanup"),
        ],
    },
    Crafted {
        name: "policies and triggers on Supabase's schemas",
        sql: "create policy \"Bucket list\" on storage.buckets for select to authenticated using (true);
         drop policy \"Avatar uploads\" on storage.objects;
         alter table auth.users disable trigger on_auth_user_created;
         create trigger platform_hook after insert on auth.users for each row execute function supabase_functions.http_request('http://localhost/hook', 'POST', '{}', '{}', '1000');",
        expected: &[
            (Extra, "policy", "storage.buckets.\"Bucket list\""),
            (Missing, "policy", "storage.objects.\"Avatar uploads\""),
            (Different, "trigger", "auth.users.on_auth_user_created"),
        ],
    },
];

#[tokio::test]
async fn every_crafted_change_is_reported_exactly() {
    for case in CRAFTED {
        let name = case.name;
        let remote = changed_by_hand(FIXTURE, case.sql).await;
        let report = drift(&dir(FIXTURE), &remote, options()).await;
        let expected = expect(case.expected);
        assert_eq!(found(&report), expected, "{name}: {}", pretty(&report));
        assert_eq!(report.status, Status::Fail, "{name}");
        assert_eq!(report.exit_code(), 1, "{name}");
        remote.close().await.unwrap();
    }
}

/// Another session's temporary table on the live database, with row level
/// security and a policy, is that session's, not the schema's.
#[tokio::test]
async fn another_session_s_temporary_table_is_not_drift() {
    let remote = pushed(EXAMPLE).await;
    let mut session = remote.connect_admin().await.unwrap();
    sqlx::raw_sql(
        "create temp table scratch (id int primary key);
         alter table scratch enable row level security;
         create policy scratch_all on scratch using (true);",
    )
    .execute(&mut session)
    .await
    .unwrap();
    no_drift(
        &dir(EXAMPLE),
        &remote,
        "a temporary table in another session",
    )
    .await;
    drop(session);
    remote.close().await.unwrap();
}
