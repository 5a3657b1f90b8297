-- First start of a PostgreSQL of the stack: what every one of them has, before the scripts of its
-- users. The official image runs the scripts of /docker-entrypoint-initdb.d once, in name order, on
-- an empty data directory, as the superuser connected to the database of POSTGRES_DB:
--
--   psql -v ON_ERROR_STOP=1 --username postgres --no-password --no-psqlrc --dbname "$POSTGRES_DB" -f <script>
--
-- No credential is written here: psql's \getenv (PostgreSQL 15+) reads them from the environment,
-- which the StatefulSet fills from the credentials Secret.

\set ON_ERROR_STOP on
-- A statement that fails is written to the server log with its text, and these carry passwords.
SET log_min_error_statement = panic;
SET log_statement = 'none';

\getenv database POSTGRES_DB
\getenv exporter_password EXPORTER_DB_PASSWORD

-- Check the credential before creating anything (psql leaves a variable unset when its
-- environment variable is not set, and an inactive \if branch is never interpolated).
SELECT :{?exporter_password} AS credentials_set \gset
\if :credentials_set
SELECT :'exporter_password' <> '' AS credentials_set \gset
\endif
\if :credentials_set
\else
DO $$ BEGIN
  RAISE EXCEPTION 'EXPORTER_DB_PASSWORD must be set and not empty'
    USING HINT = 'Set key exporter-password of the credentials Secret, delete the PersistentVolumeClaim of this half-initialized database and restart the pod.';
END $$;
\endif

-- Only the roles granted CONNECT below, and in the scripts that follow, may connect (PUBLIC may
-- connect to every database by default).
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;

-- postgres-exporter: the statistics views of every database (pg_monitor), no table data. It
-- connects to the database of POSTGRES_DB.
CREATE ROLE postgres_exporter LOGIN PASSWORD :'exporter_password' CONNECTION LIMIT 3 IN ROLE pg_monitor;
-- The exporter's queries name catalog objects unqualified: never resolve them in another schema.
ALTER ROLE postgres_exporter SET search_path = pg_catalog;
GRANT CONNECT ON DATABASE :"database" TO postgres_exporter;
