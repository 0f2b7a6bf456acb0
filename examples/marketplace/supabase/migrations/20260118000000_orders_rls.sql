-- Orders are private: a customer reads only their own through the API,
-- anon reads none, and service_role (which bypasses row level security)
-- reads them all. The [[verify]] queries in schemagate.toml and
-- supabase/tests/010-orders-rls.sql check exactly that, as each role.
alter table public.orders enable row level security;

create policy "customers read their own orders" on public.orders
  for select to authenticated
  using (customer_id = (select auth.uid()));
