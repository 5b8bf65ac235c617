-- Capture sessions and verification outcomes. Never images.
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
    created_at      INTEGER NOT NULL,       -- unix seconds
    expires_at      INTEGER NOT NULL,
    consent_at      INTEGER
);

CREATE TABLE verifications (
    id               TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES sessions(id),
    idempotency_key  TEXT NOT NULL,
    document_type    TEXT NOT NULL,
    status           TEXT NOT NULL,         -- PENDING | PASS | FAIL | ERROR
    reason_code      TEXT,
    submitted_at     INTEGER NOT NULL,
    deadline_at      INTEGER NOT NULL,
    decided_at       INTEGER,
    UNIQUE (session_id, idempotency_key)
);

CREATE INDEX verifications_by_session ON verifications(session_id);
