-- Products: the items inside a listing, with stock.
create table public.products (
  id uuid primary key default extensions.uuid_generate_v4(),
  listing_id uuid not null references public.listings (id) on delete cascade,
  name text not null,
  price_cents integer not null check (price_cents >= 0),
  stock integer not null default 0,
  created_at timestamptz not null default now()
);

create index products_listing_id_idx on public.products (listing_id);

alter table public.products enable row level security;

create policy "Products of visible listings are public"
  on public.products for select
  using (exists (select 1 from public.listings l where l.id = listing_id));

create policy "Sellers manage their products"
  on public.products for all to authenticated
  using (exists (
    select 1 from public.listings l
    where l.id = listing_id and l.seller_id = (select auth.uid())
  ));

grant select on public.products to anon, authenticated;
