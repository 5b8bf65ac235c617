-- Capture sessions and verification outcomes. Never images.
-- The PostgreSQL twin of migrations/sqlite/0001_init.sql: same tables, columns and meaning;
-- every integer is BIGINT (the gateway reads them as i64).
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,   -- SHA-256 of the capture token; the token itself is never stored
    patient_ref     TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    date_of_birth   TEXT NOT NULL,          -- YYYY-MM-DD
    trigger         TEXT NOT NULL,
    document_types  TEXT NOT NULL,          -- comma-separated
    host_origin     TEXT NOT NULL,
    locale          TEXT NOT NULL,
    status          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,        -- unix seconds
    expires_at      BIGINT NOT NULL,
    consent_at      BIGINT,
    nonce           TEXT NOT NULL,          -- the host's nonce, echoed in the result token
    mode            TEXT NOT NULL,          -- full | reverify
    reverify_of     TEXT                    -- the earlier PASS a re-verification compares with
);

CREATE TABLE verifications (
    id               TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES sessions(id),
    idempotency_key  TEXT NOT NULL,
    document_type    TEXT NOT NULL,         -- drivers_license | passport | id_card | selfie
    status           TEXT NOT NULL,         -- PENDING | PASS | FAIL | ERROR
    reason_code      TEXT,
    submitted_at     BIGINT NOT NULL,
    deadline_at      BIGINT NOT NULL,
    decided_at       BIGINT,
    checks           TEXT,                  -- JSON [{name, verified}] from 1Kosmos
    UNIQUE (session_id, idempotency_key)
);

CREATE INDEX verifications_by_session ON verifications(session_id);

-- The Epic webhook outbox: one event per decision, delivered at least once, surviving restarts.
CREATE TABLE webhook_outbox (
    event_id         TEXT PRIMARY KEY,
    verification_id  TEXT NOT NULL UNIQUE REFERENCES verifications(id),
    session_id       TEXT NOT NULL,
    body             TEXT NOT NULL,         -- the exact JSON sent on every attempt
    status           TEXT NOT NULL,         -- pending | delivered | failed
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,       -- unix milliseconds
    lease_until      BIGINT NOT NULL DEFAULT 0,  -- unix milliseconds; a replica holds it while sending
    last_error       TEXT,
    created_at       BIGINT NOT NULL,
    delivered_at     BIGINT
);

CREATE INDEX webhook_outbox_due ON webhook_outbox(status, next_attempt_at);

-- Audit trail: lifecycle facts only. Never images, names, birth dates or tokens.
CREATE TABLE audit_events (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id       TEXT NOT NULL,
    verification_id  TEXT,
    event            TEXT NOT NULL,
    detail           TEXT NOT NULL,         -- small JSON
    at               BIGINT NOT NULL        -- unix seconds
);

CREATE INDEX audit_events_by_session ON audit_events(session_id, id);
