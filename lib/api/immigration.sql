-- First start of the immigration API's PostgreSQL, after lib/postgres/exporter.sql: the schema of
-- the API and its role. Run once, on an empty volume, as the superuser connected to the database of
-- POSTGRES_DB (immigration), with its credential read by \getenv from the environment, which the
-- StatefulSet fills from the credentials Secret.

\set ON_ERROR_STOP on
-- A statement that fails is written to the server log with its text, and these carry passwords.
SET log_min_error_statement = panic;
SET log_statement = 'none';

\getenv api_password API_DB_PASSWORD

SELECT :{?api_password} AS credentials_set \gset
\if :credentials_set
SELECT :'api_password' <> '' AS credentials_set \gset
\endif
\if :credentials_set
\else
DO $$ BEGIN
  RAISE EXCEPTION 'API_DB_PASSWORD must be set and not empty'
    USING HINT = 'Set key api-password of the credentials Secret, delete the PersistentVolumeClaim of this half-initialized database and restart the pod.';
END $$;
\endif


-- ---------------------------------------------------------------------------------------------
-- The immigration API's data. The schema belongs to the superuser: the API reads and records,
-- it never changes the schema.

CREATE SCHEMA immigration;

-- Travel documents with an Interpol notice (the copy of Interpol's database the API checks).
CREATE TABLE immigration.interpol_notices (
    notice_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    issuing_country  char(2)     NOT NULL CHECK (issuing_country ~ '^[A-Z]{2}$'),
    document_number  varchar(20) NOT NULL CHECK (document_number ~ '^[A-Z0-9]{5,20}$'),
    full_name        text        NOT NULL CHECK (full_name <> ''),
    notice_type      text        NOT NULL CHECK (notice_type IN ('red', 'yellow', 'blue', 'black', 'green', 'orange', 'purple')),
    published_on     date        NOT NULL,
    UNIQUE (issuing_country, document_number, notice_type)
);

CREATE TABLE immigration.travellers (
    traveller_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    issuing_country  char(2)     NOT NULL CHECK (issuing_country ~ '^[A-Z]{2}$'),
    document_number  varchar(20) NOT NULL CHECK (document_number ~ '^[A-Z0-9]{5,20}$'),
    full_name        text        NOT NULL CHECK (full_name <> ''),
    nationality      char(2)     NOT NULL CHECK (nationality ~ '^[A-Z]{2}$'),
    birth_date       date        NOT NULL CHECK (birth_date > DATE '1900-01-01'),
    UNIQUE (issuing_country, document_number)
);

CREATE TABLE immigration.flights (
    flight_id          bigint     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    flight_number      varchar(7) NOT NULL CHECK (flight_number ~ '^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?$'),
    origin             char(3)    NOT NULL CHECK (origin ~ '^[A-Z]{3}$'),
    destination        char(3)    NOT NULL CHECK (destination ~ '^[A-Z]{3}$'),
    scheduled_arrival  timestamptz NOT NULL,
    CHECK (origin <> destination),
    UNIQUE (flight_number, scheduled_arrival)
);

-- One decision of an immigration officer: a traveller entering or leaving on a flight.
CREATE TABLE immigration.migration_records (
    record_id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    traveller_id           bigint  NOT NULL REFERENCES immigration.travellers,
    flight_id              bigint  NOT NULL REFERENCES immigration.flights,
    direction              text    NOT NULL CHECK (direction IN ('entry', 'exit')),
    accommodation_address  text    CHECK (accommodation_address <> ''),
    stay_days              integer CHECK (stay_days BETWEEN 1 AND 365),
    declared_funds         numeric(12, 2) CHECK (declared_funds >= 0),
    funds_currency         char(3) CHECK (funds_currency ~ '^[A-Z]{3}$'),
    decision               text    NOT NULL CHECK (decision IN ('admitted', 'refused')),
    refusal_reason         text    CHECK (refusal_reason <> ''),
    recorded_at            timestamptz NOT NULL DEFAULT now(),
    recorded_by            text    NOT NULL DEFAULT current_user,
    -- An entry declares where the traveller stays, for how long and with what money.
    CONSTRAINT entry_declares_stay CHECK (direction = 'exit' OR (
        accommodation_address IS NOT NULL AND stay_days IS NOT NULL AND declared_funds IS NOT NULL AND funds_currency IS NOT NULL)),
    -- A refusal says why; an admission does not.
    CONSTRAINT refusal_has_reason CHECK ((decision = 'refused') = (refusal_reason IS NOT NULL)),
    UNIQUE (traveller_id, flight_id, direction)
);
CREATE INDEX migration_records_flight_id_idx ON immigration.migration_records (flight_id);
CREATE INDEX migration_records_recorded_at_idx ON immigration.migration_records (recorded_at);

CREATE VIEW immigration.flagged_travellers AS
SELECT t.traveller_id, t.issuing_country, t.document_number, t.full_name, n.notice_type, n.published_on
FROM immigration.travellers t
JOIN immigration.interpol_notices n USING (issuing_country, document_number);

-- A traveller with an Interpol red notice (wanted for arrest) is never admitted, whatever the client.
CREATE FUNCTION immigration.refuse_red_notice_admission() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.decision = 'admitted' AND EXISTS (
        SELECT 1 FROM immigration.flagged_travellers f
        WHERE f.traveller_id = NEW.traveller_id AND f.notice_type = 'red'
    ) THEN
        RAISE EXCEPTION 'traveller % has an Interpol red notice and cannot be admitted', NEW.traveller_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER refuse_red_notice_admission
    BEFORE INSERT OR UPDATE ON immigration.migration_records
    FOR EACH ROW EXECUTE FUNCTION immigration.refuse_red_notice_admission();


-- ---------------------------------------------------------------------------------------------
-- The API: reads the reference data (notices, flights), registers travellers and records
-- decisions. Records are an audit trail: no UPDATE, no DELETE.

CREATE ROLE immigration_api LOGIN PASSWORD :'api_password';
ALTER ROLE immigration_api SET search_path = immigration;
GRANT CONNECT ON DATABASE immigration TO immigration_api;
GRANT USAGE ON SCHEMA immigration TO immigration_api;
GRANT SELECT ON immigration.interpol_notices, immigration.flights, immigration.flagged_travellers TO immigration_api;
GRANT SELECT, INSERT ON immigration.travellers, immigration.migration_records TO immigration_api;
