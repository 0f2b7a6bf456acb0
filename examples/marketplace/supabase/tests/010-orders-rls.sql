-- Who sees which orders, as `supabase test db` runs it (and `schemagate
-- check` too). The helpers come from 000-setup-tests-hooks.sql.
begin;
select plan(4);

select tests.create_supabase_user('ada');
select tests.create_supabase_user('grace');
insert into public.orders (customer_id, total_cents)
values (tests.get_supabase_uid('ada'), 1000), (tests.get_supabase_uid('grace'), 2000);

select tests.clear_authentication();
select is_empty('select id from public.orders', 'anon sees no orders');

select tests.authenticate_as('ada');
select results_eq(
  'select total_cents from public.orders',
  $$values (1000)$$,
  'a customer sees only their own orders'
);
select is(
  (select count(*) from public.orders where customer_id = tests.get_supabase_uid('grace'))::int,
  0,
  'a customer does not see another customer''s orders'
);

reset role;
select is(
  (select count(*) from public.orders
   where customer_id in (tests.get_supabase_uid('ada'), tests.get_supabase_uid('grace')))::int,
  2,
  'the owner sees every order'
);

select * from finish();
rollback;
