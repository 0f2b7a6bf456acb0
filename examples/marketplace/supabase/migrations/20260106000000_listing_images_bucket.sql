-- Listing photos live in a public storage bucket, one folder per seller.
insert into storage.buckets (id, name, public)
values ('listing-images', 'listing-images', true)
on conflict (id) do nothing;

create policy "Listing images are public"
  on storage.objects for select
  using (bucket_id = 'listing-images');

create policy "Sellers upload into their own folder"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'listing-images'
    and (storage.foldername(name))[1] = (select auth.uid())::text
  );
