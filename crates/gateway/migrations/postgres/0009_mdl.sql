-- Wallet requests for a mobile driver's licence (issue 21): one row per request a capture
-- session made. `recipient_secret` opens the wallet's HPKE answer: kept with the session so any
-- replica can finish it, blanked ('') once the request is refused or used, and the row deleted
-- by the sweeper after it expires. No personal data: the licence is checked when it arrives
-- and again, from the widget's copy, when the selfie is submitted.
-- The PostgreSQL twin of migrations/sqlite/0009_mdl.sql.

CREATE TABLE mdl_requests (
    id               TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL,
    encryption_info  TEXT NOT NULL,       -- base64url CBOR ["dcapi", {nonce, recipientPublicKey}]
    recipient_secret TEXT NOT NULL,       -- base64 of the P-256 secret; '' once spent
    status           TEXT NOT NULL,       -- pending | verified | refused | used
    outcome          TEXT,                -- the refusal code, or the issuing authority
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL     -- unix seconds; answers and submissions refused from then on
);

CREATE INDEX mdl_requests_session ON mdl_requests(session_id);
CREATE INDEX mdl_requests_expiry ON mdl_requests(expires_at);

-- A verification of a wallet's licence names its issuing authority (token, webhook, audit).
ALTER TABLE verifications ADD COLUMN mdl_issuer TEXT;
