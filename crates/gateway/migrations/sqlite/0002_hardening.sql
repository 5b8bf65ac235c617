-- Hardening: one signed result per verification, fenced webhook leases, one upload at a time,
-- enrolled portraits for re-verification (sealed), retention.

ALTER TABLE sessions ADD COLUMN consent_biometric INTEGER NOT NULL DEFAULT 0;   -- 1 when biometric consent was given
ALTER TABLE sessions ADD COLUMN upload_lock_until INTEGER NOT NULL DEFAULT 0;   -- unix seconds; one submission upload at a time
ALTER TABLE sessions ADD COLUMN purged_at INTEGER;                              -- personal data removed (retention)

ALTER TABLE verifications ADD COLUMN result_token TEXT;             -- the one signed result token (PASS / FAIL)
ALTER TABLE verifications ADD COLUMN token_expires_at INTEGER;      -- unix seconds
ALTER TABLE verifications ADD COLUMN enrolment_id TEXT;             -- re-verification: the original document verification

ALTER TABLE webhook_outbox ADD COLUMN lease_token TEXT;             -- fences a delivery to the replica that leased it

-- At most one PENDING or PASS verification per session, whatever the isolation level or the
-- number of replicas submitting at once.
CREATE UNIQUE INDEX one_live_verification_per_session
    ON verifications(session_id) WHERE status IN ('PENDING', 'PASS');

CREATE INDEX verifications_pending ON verifications(status, deadline_at);

-- The live selfie of a PASS, sealed with AES-256-GCM (key from configuration), kept only with
-- biometric consent and only for as long as a re-verification may build on it.
CREATE TABLE enrolled_portraits (
    verification_id  TEXT PRIMARY KEY REFERENCES verifications(id),
    sealed           BLOB NOT NULL,      -- nonce (12 bytes) || ciphertext || tag
    enrolled_at      INTEGER NOT NULL,   -- unix seconds
    expires_at       INTEGER NOT NULL    -- deleted after this
);
