-- The featured queue: listings promoted on the home page, per council.
create table public.featured_queue (
  id bigint generated always as identity primary key,
  listing_id uuid not null references public.listings (id) on delete cascade,
  position integer not null,
  starts_at timestamptz not null default now(),
  ends_at timestamptz,
  council_name text
);

create unique index featured_queue_position_idx on public.featured_queue (council_name, position);

alter table public.featured_queue enable row level security;

create policy "Featured queue is public"
  on public.featured_queue for select
  using (true);
