-- First start of Grafana's bundled PostgreSQL, after lib/postgres/exporter.sql: Grafana's role and
-- its database, and nothing else. Grafana owns the database and creates its tables there (users,
-- sessions, dashboards saved in the UI, alert state), shared by every replica. Run once, on an
-- empty volume, as the superuser, with the credential read by \getenv from the environment, which
-- the StatefulSet fills from the credentials Secret.

\set ON_ERROR_STOP on
-- A statement that fails is written to the server log with its text, and these carry passwords.
SET log_min_error_statement = panic;
SET log_statement = 'none';

\getenv grafana_password GRAFANA_DB_PASSWORD

SELECT :{?grafana_password} AS credentials_set \gset
\if :credentials_set
SELECT :'grafana_password' <> '' AS credentials_set \gset
\endif
\if :credentials_set
\else
DO $$ BEGIN
  RAISE EXCEPTION 'GRAFANA_DB_PASSWORD must be set and not empty'
    USING HINT = 'Set key grafana-password of the credentials Secret, delete the PersistentVolumeClaim of this half-initialized database and restart the pod.';
END $$;
\endif

CREATE ROLE grafana LOGIN PASSWORD :'grafana_password';
CREATE DATABASE grafana OWNER grafana;
REVOKE ALL ON DATABASE grafana FROM PUBLIC;
-- The exporter reads the statistics of Grafana's database too.
GRANT CONNECT ON DATABASE grafana TO postgres_exporter;
