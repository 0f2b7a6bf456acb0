-- Listings: what sellers put up for sale.
create table public.listings (
  id uuid primary key default gen_random_uuid(),
  seller_id uuid not null references auth.users (id) on delete cascade,
  title text not null check (char_length(title) between 3 and 120),
  description text,
  price_cents integer not null check (price_cents >= 0),
  status text not null default 'draft' check (status in ('draft', 'active', 'sold', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index listings_seller_id_idx on public.listings (seller_id);

alter table public.listings enable row level security;

create policy "Active listings are public"
  on public.listings for select
  using (status = 'active' or seller_id = (select auth.uid()));

create policy "Sellers create their own listings"
  on public.listings for insert to authenticated
  with check (seller_id = (select auth.uid()));

create policy "Sellers update their own listings"
  on public.listings for update to authenticated
  using (seller_id = (select auth.uid()))
  with check (seller_id = (select auth.uid()));

create policy "Sellers delete their own listings"
  on public.listings for delete to authenticated
  using (seller_id = (select auth.uid()));
