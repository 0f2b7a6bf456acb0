#!/usr/bin/env python3
"""Derives src/shim/platform/{auth,storage,realtime}.sql from a reference
database built by tests/platform/reference.sh (Supabase's own migrations run
on a scratch server).

    scripts/derive-platform-shim.py 'host=/tmp/x port=5432 user=supabase_admin dbname=reference'

Each file states its table, type, sequence and function shapes once; the
schemagate_shim._conform_* helpers (src/shim/conform.sql) create what is
missing and bring an existing object (the supabase/postgres image's 2021-era
auth.users, for example) to that shape. Owners and grants are stated once
per ACL: one _conform_privileges call for all the objects that share it.
Re-run after updating the reference and review the diff; tests/platform.rs
fails when the two drift apart.
"""
import json, subprocess, sys

DSN = sys.argv[1]
OUT = sys.argv[2] if len(sys.argv) > 2 else "src/shim/platform"

SOURCES = {
    "auth": ("auth (GoTrue)", "supabase/auth@bc32168e (MIT): the 70 migrations/*.up.sql, run as supabase_auth_admin",
             "on top of the supabase/postgres init scripts and image migrations"),
    "storage": ("storage (storage-api)", "supabase/storage@4fa61fba (Apache-2.0): migrations/tenant/0001..0063, run as",
                "supabase_storage_admin with DB_INSTALL_ROLES=false, as the CLI starts it"),
    "realtime": ("realtime", "supabase/realtime@833cf36c (Apache-2.0): priv/repo/tenant_db_dump_15.sql, the finished",
                 "realtime schema of a tenant database"),
    "graphql_public": ("graphql_public (pg_graphql's placeholder)", "supabase/postgres (PostgreSQL License): image migrations",
                       "20220317095840_pg_graphql and later, which create graphql_public.graphql"),
    "extensions": ("the extensions schema's event-trigger functions", "supabase/postgres (PostgreSQL License): init",
                   "00000000000003-post-setup and image migrations (grant_pg_*_access, pgrst_*_watch)"),
}
# Schemas of which only the functions (not extension members) are derived.
FUNCTIONS_ONLY = {"graphql_public": "graphql_public.sql", "extensions": "extensions_functions.sql"}

def q(sql):
    out = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", DSN, "-c", "SET search_path = pg_catalog", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out) if out.strip() else []


def dollar(body, tag="ddl"):
    while f"${tag}$" in body:
        tag += "_"
    return f"${tag}${body}${tag}$"


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def wrapped(items, indent="  ", width=100):
    """items joined by ", " over lines of at most about width characters."""
    lines, line = [], ""
    for item in items:
        if line and len(indent) + len(line) + len(item) + 2 > width:
            lines.append(indent + line + ",")
            line = ""
        line += (", " if line else "") + item
    return lines + [indent + line]


def privileges(kind, objects):
    """One schemagate_shim._conform_privileges call (src/shim/conform.sql) per
    owner and ACL for objects, (name, owner or None, acl or None) triples: it
    sets the owner, revokes every platform role's grants and grants the
    reference's ACL, object by object in the order given."""
    groups = {}
    for name, owner, acl in objects:
        if owner is None and acl is None:
            continue
        groups.setdefault((owner, None if acl is None else tuple(acl)), []).append(name)
    out = []
    for (owner, acl), names in groups.items():
        # The ACL goes in as an array literal of aclitems: none may need quoting.
        assert acl is None or not any(c in item for item in acl for c in '",{}\\ '), acl
        acl_sql = "NULL" if acl is None else lit("{" + ",".join(acl) + "}")
        out.append(f"SELECT schemagate_shim._conform_privileges({lit(kind)}, {lit(owner) if owner else 'NULL'}, {acl_sql}, ARRAY[")
        lines = wrapped([lit(n) for n in names])
        lines[-1] += "]);"
        out.extend(lines)
    return out


def function_privileges(funcs):
    """Owners and grants of funcs, functions before procedures."""
    return [line for kind in ("FUNCTION", "PROCEDURE")
            for line in privileges(kind, [(f["regproc"], f["owner"], f["acl"]) for f in funcs if f["kind"] == kind])]


def generate(schema):
    s = lit(schema)
    members = "NOT EXISTS (SELECT FROM pg_depend d WHERE d.deptype = 'e' AND d.objid = {oid})"
    types = q(f"""SELECT json_agg(x ORDER BY x.name) FROM (
      SELECT format('%I.%I', n.nspname, t.typname) AS name, t.typtype::text AS kind, t.typowner::regrole::text AS owner,
             (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels,
             (SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum)
                FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS fields,
             t.typacl::text[] AS acl
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = {s} AND (t.typtype = 'e' OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
        AND {members.format(oid='t.oid')}) x""")
    seqs = q(f"""SELECT json_agg(x ORDER BY x.name) FROM (
      SELECT format('%I.%I', n.nspname, c.relname) AS name, format_type(sq.seqtypid, NULL) AS type,
             c.relowner::regrole::text AS owner, c.relacl::text[] AS acl,
             EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i') AS identity,
             (SELECT format('%I.%I.%I', tn.nspname, tc.relname, a.attname) FROM pg_depend d
                JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
               WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a') AS owned_by
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence sq ON sq.seqrelid = c.oid
      WHERE n.nspname = {s} AND c.relkind = 'S') x""")
    tables = q(f"""SELECT json_agg(x ORDER BY x.name) FROM (
      SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relowner::regrole::text AS owner, c.relacl::text[] AS acl,
             c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls, pg_get_partkeydef(c.oid) AS partkey,
             obj_description(c.oid, 'pg_class') AS comment,
             (SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                       'notnull', a.attnotnull, 'generated', a.attgenerated::text, 'identity', a.attidentity::text,
                       'expr', pg_get_expr(d.adbin, d.adrelid)) ORDER BY a.attnum)
                FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
             (SELECT json_agg(json_build_object('name', k.conname, 'def', pg_get_constraintdef(k.oid), 'type', k.contype::text,
                       'refs', k.confrelid::regclass::text) ORDER BY k.contype <> 'p', k.conname)
                FROM pg_constraint k WHERE k.conrelid = c.oid) AS constraints,
             (SELECT json_agg(pg_get_indexdef(x.indexrelid) ORDER BY i.relname)
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
               WHERE x.indrelid = c.oid AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = x.indexrelid
                                                        AND k.conrelid = c.oid AND k.contype IN ('p', 'u', 'x'))) AS indexes,
             (SELECT json_agg(json_build_object('name', g.tgname, 'def', pg_get_triggerdef(g.oid)) ORDER BY g.tgname)
                FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal) AS triggers
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = {s} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND {members.format(oid='c.oid')}) x""")
    funcs = q(f"""SELECT json_agg(x ORDER BY x.sig) FROM (
      SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS sig,
             p.oid::regprocedure::text AS regproc,
             pg_get_functiondef(p.oid) AS def, p.proowner::regrole::text AS owner, p.proacl::text[] AS acl,
             CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END AS kind,
             obj_description(p.oid, 'pg_proc') AS comment
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = {s} AND {members.format(oid='p.oid')}) x""")
    return types, seqs, tables, funcs


def topo(tables):
    names = {t["name"] for t in tables}
    done, out = set(), []

    def visit(t, stack=()):
        if t["name"] in done or t["name"] in stack:
            return
        for k in t["constraints"] or []:
            if k["type"] == "f" and k["refs"] in names and k["refs"] != t["name"]:
                visit(next(x for x in tables if x["name"] == k["refs"]), stack + (t["name"],))
        done.add(t["name"])
        out.append(t)
    for t in tables:
        visit(t)
    return out


def render(schema):
    types, seqs, tables, funcs = generate(schema)
    title, src1, src2 = SOURCES[schema]
    o = []
    o.append("-- " + "=" * 77)
    o.append(f"-- schemagate platform shim: {title}")
    o.append("--")
    o.append("-- The schema as a current Supabase project has it, derived from the reference")
    o.append(f"-- (../shared/supabase-platform): {src1}")
    o.append(f"-- {src2}.")
    o.append("-- Generated by scripts/derive-platform-shim.py from a database those migrations")
    o.append("-- built (tests/platform/reference.sh); function bodies are the upstream ones,")
    o.append("-- under the upstream licence named above. tests/platform.rs compares this")
    o.append("-- file's result with the reference object by object.")
    o.append("--")
    o.append("-- Every statement conforms rather than skips: a missing object is created, an")
    o.append("-- existing one (Supabase's own image pre-creates 2021-era auth tables) is")
    o.append("-- brought to this shape by the schemagate_shim._conform_* helpers")
    o.append("-- (src/shim/conform.sql). Part of the platform shim: installed by")
    o.append("-- src/shim/mod.rs in its fixed order, by supabase_admin, in one transaction.")
    o.append("-- " + "=" * 77)
    o.append("")
    if types:
        o.append("-- Types.")
        for t in types:
            if t["kind"] == "e":
                labels = ", ".join(lit(l) for l in t["labels"])
                o.append(f"SELECT schemagate_shim._conform_enum({lit(t['name'])}, ARRAY[{labels}]);")
            else:
                o.append(f"SELECT schemagate_shim._ensure({lit(t['name'])}, {dollar('CREATE TYPE ' + t['name'] + ' AS (' + t['fields'] + ')')});")
            o.append(f"ALTER TYPE {t['name']} OWNER TO {t['owner']};")
        o.append("")
    if seqs and not all(sq["identity"] for sq in seqs):
        o.append("-- Sequences (columns' defaults use them).")
        for sq in seqs:
            if not sq["identity"]:
                o.append(f"CREATE SEQUENCE IF NOT EXISTS {sq['name']} AS {sq['type']};")
        o.append("")
    if funcs:
        o.append("-- Functions (bodies are checked when called: check_function_bodies is off).")
        for f in funcs:
            o.append(f"SELECT schemagate_shim._conform_function({lit(f['regproc'])}, {dollar(f['def'].rstrip())});")
        keep = ", ".join(lit(f["regproc"]) for f in funcs)
    if funcs and schema not in FUNCTIONS_ONLY:
        o.append("-- Overloads the current schema no longer has (an older image's storage.search).")
        o.append(f"SELECT schemagate_shim._drop_other_functions({lit(schema)}, ARRAY[{keep}]);")
        o.append("")
    if schema in FUNCTIONS_ONLY:
        o.extend(function_privileges(funcs))
        return "\n".join(o) + "\n"
    o.append("-- Tables, referenced before referencing.")
    for t in topo(tables):
        cols = []
        for c in t["columns"]:
            line = f"  {ident(c['name'])} {c['type']}"
            if c["generated"] == "s":
                line += f" GENERATED ALWAYS AS ({c['expr']}) STORED"
            elif c["identity"]:
                line += " GENERATED " + ("ALWAYS" if c["identity"] == "a" else "BY DEFAULT") + " AS IDENTITY"
            elif c["expr"] is not None:
                line += f" DEFAULT {c['expr']}"
            if c["notnull"]:
                line += " NOT NULL"
            cols.append(line)
        ddl = "\n  CREATE TABLE @table@ (\n  " + ",\n  ".join(cols) + "\n  )"
        if t["partkey"]:
            ddl += f" PARTITION BY {t['partkey']}"
        ddl += ";\n"
        for k in t["constraints"] or []:
            d = k["def"]
            ddl += f"  ALTER TABLE @table@ ADD CONSTRAINT {ident(k['name'])} {d};\n"
        for idx in t["indexes"] or []:
            name, rest = idx.split(" ON ", 1)
            target = rest.split(" USING ", 1)[0]
            rest = rest.replace(target, ("ONLY @table@" if target.startswith("ONLY ") else "@table@"), 1)
            ddl += f"  {name} ON {rest};\n"
        o.append(f"SELECT schemagate_shim._conform_table({lit(t['name'])}, {dollar(ddl)});")
        o.append(f"ALTER TABLE {t['name']} OWNER TO {t['owner']};")
        if t["rls"]:
            o.append(f"ALTER TABLE {t['name']} ENABLE ROW LEVEL SECURITY;")
        if t["force_rls"]:
            o.append(f"ALTER TABLE {t['name']} FORCE ROW LEVEL SECURITY;")
        if t["comment"]:
            o.append(f"COMMENT ON TABLE {t['name']} IS {lit(t['comment'])};")
        o.append("")
    o.append("-- Triggers (the current set: others on these tables are dropped).")
    bare = [lit(t["name"]) for t in tables if not t["triggers"]]
    if bare:
        o.append("SELECT schemagate_shim._drop_other_triggers(t, ARRAY[]::text[]) FROM unnest(ARRAY[")
        o.extend(wrapped(bare))
        o[-1] += "]) AS t;"
    for t in tables:
        if not t["triggers"]:
            continue
        names = ", ".join(lit(g["name"]) for g in t["triggers"])
        o.append(f"SELECT schemagate_shim._drop_other_triggers({lit(t['name'])}, ARRAY[{names}]::text[]);")
        for g in t["triggers"]:
            o.append(g["def"].replace("CREATE TRIGGER", "CREATE OR REPLACE TRIGGER", 1)
                     .replace("CREATE CONSTRAINT TRIGGER", "CREATE OR REPLACE CONSTRAINT TRIGGER", 1) + ";")
    o.append("")
    o.append("-- Sequence ownership, owners and grants.")
    for sq in seqs:
        if not sq["identity"]:
            o.append(f"ALTER SEQUENCE {sq['name']} OWNER TO {sq['owner']};")
        if sq["owned_by"] and not sq["identity"]:
            o.append(f"ALTER SEQUENCE {sq['name']} OWNED BY {sq['owned_by']};")
    # The owners of sequences (before OWNED BY, which wants the table's
    # owner), types and tables are set above: grants only.
    o.extend(privileges("SEQUENCE", [(sq["name"], None, sq["acl"]) for sq in seqs]))
    o.extend(function_privileges(funcs))
    o.extend(privileges("TYPE", [(t["name"], None, t["acl"]) for t in types]))
    o.extend(privileges("TABLE", [(t["name"], None, t["acl"]) for t in tables]))
    o.append("")
    return "\n".join(o)


def ident(name):
    return name if name.isidentifier() and name.islower() and name not in ("user", "role", "limit", "order", "version", "default", "offset") else '"' + name.replace('"', '""') + '"'


for schema in SOURCES:
    path = f"{OUT}/{FUNCTIONS_ONLY.get(schema, schema + '.sql')}"
    with open(path, "w") as fh:
        fh.write(render(schema))
    print(f"wrote {path}")
