-- Council catchment: which local council a listing belongs to.
alter table public.listings add column if not exists location_council text;

create index if not exists listings_location_council_idx
  on public.listings (location_council);

comment on column public.listings.location_council is 'Local council the listing is offered in';
