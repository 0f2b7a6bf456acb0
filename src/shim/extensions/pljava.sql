-- schemagate emulation: pljava 1.6.7 (Java procedural language, in
-- supautils.privileged_extensions). The languages java (trusted) and javau
-- exist so functions can be created in them, and schema sqlj holds the jar
-- management functions; there is no JVM here: calling a Java function fails
-- with "cannot accept a value of type language_handler" (reported by
-- schemagate as a call into an emulated language), and so does every sqlj
-- jar function.
-- The extension's objects go in schema sqlj.
-- schemagate: schema=sqlj
-- schemagate: version=1.6.7

CREATE OR REPLACE FUNCTION sqlj.java_call_handler() RETURNS language_handler
  LANGUAGE internal AS 'language_handler_in';
CREATE OR REPLACE FUNCTION sqlj.javau_call_handler() RETURNS language_handler
  LANGUAGE internal AS 'language_handler_in';

DO $lang$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_language WHERE lanname = 'java') THEN
    CREATE TRUSTED LANGUAGE java HANDLER sqlj.java_call_handler;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_language WHERE lanname = 'javau') THEN
    CREATE LANGUAGE javau HANDLER sqlj.javau_call_handler;
  END IF;
END
$lang$;

CREATE OR REPLACE FUNCTION sqlj._emulated(p_function text) RETURNS void
  LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION USING ERRCODE = '0A000',
    MESSAGE = format('sqlj.%s: pljava is emulated by schemagate and has no JVM', p_function),
    HINT = 'check against Supabase''s own image (--postgres docker) to run Java code';
END
$fn$;
CREATE OR REPLACE FUNCTION sqlj.install_jar(url character varying, jarname character varying, deploy boolean) RETURNS void
  LANGUAGE sql AS $fn$ SELECT sqlj._emulated('install_jar') $fn$;
CREATE OR REPLACE FUNCTION sqlj.install_jar(image bytea, jarname character varying, deploy boolean) RETURNS void
  LANGUAGE sql AS $fn$ SELECT sqlj._emulated('install_jar') $fn$;
CREATE OR REPLACE FUNCTION sqlj.replace_jar(url character varying, jarname character varying, redeploy boolean) RETURNS void
  LANGUAGE sql AS $fn$ SELECT sqlj._emulated('replace_jar') $fn$;
CREATE OR REPLACE FUNCTION sqlj.remove_jar(jarname character varying, undeploy boolean) RETURNS void
  LANGUAGE sql AS $fn$ SELECT sqlj._emulated('remove_jar') $fn$;
CREATE OR REPLACE FUNCTION sqlj.set_classpath(schemaname character varying, path character varying) RETURNS void
  LANGUAGE sql AS $fn$ SELECT sqlj._emulated('set_classpath') $fn$;
CREATE OR REPLACE FUNCTION sqlj.get_classpath(schemaname character varying) RETURNS character varying
  LANGUAGE sql AS $fn$ SELECT NULL::character varying $fn$;
GRANT USAGE ON SCHEMA sqlj TO PUBLIC;
