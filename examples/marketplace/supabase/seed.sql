-- Local development data: one seller with an active listing.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values (
  '00000000-0000-0000-0000-000000000000',
  'a1111111-1111-4111-8111-111111111111',
  'authenticated', 'authenticated', 'seller@example.com',
  extensions.crypt('password', extensions.gen_salt('bf')),
  now(), '{"provider":"email","providers":["email"]}', '{}', now(), now()
);

insert into public.listings (id, seller_id, title, price_cents, status, location_council)
values ('b2222222-2222-4222-8222-222222222222', 'a1111111-1111-4111-8111-111111111111', 'Oak dining table', 12000, 'active', 'Brighton and Hove');

insert into public.featured_queue (listing_id, position, council_name)
values ('b2222222-2222-4222-8222-222222222222', 1, 'Brighton and Hove');

-- Two customers with one order each, for the role verifications.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('00000000-0000-0000-0000-000000000000', 'c3333333-3333-4333-8333-333333333333',
   'authenticated', 'authenticated', 'ada@example.com', extensions.crypt('password', extensions.gen_salt('bf')),
   now(), '{"provider":"email","providers":["email"]}', '{}', now(), now()),
  ('00000000-0000-0000-0000-000000000000', 'c4444444-4444-4444-8444-444444444444',
   'authenticated', 'authenticated', 'grace@example.com', extensions.crypt('password', extensions.gen_salt('bf')),
   now(), '{"provider":"email","providers":["email"]}', '{}', now(), now());

insert into public.orders (id, customer_id, seller_id, total_cents, status)
values
  ('d5555555-5555-4555-8555-555555555555', 'c3333333-3333-4333-8333-333333333333', 'a1111111-1111-4111-8111-111111111111', 12000, 'paid'),
  ('d6666666-6666-4666-8666-666666666666', 'c4444444-4444-4444-8444-444444444444', 'a1111111-1111-4111-8111-111111111111', 4500, 'pending');
