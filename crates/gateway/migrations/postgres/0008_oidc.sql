-- OpenID Connect flows (issue 19): one row per authorization, from the pushed request to the
-- ID token. Only hashes of the request_uri, the code and the access token are stored. The
-- pushed request's patient details wait in `session_request` for at most its 60 s; /authorize
-- moves them into the capture session and blanks them here, and the sweeper deletes flows
-- whose request expired unused.
-- The PostgreSQL twin of migrations/sqlite/0008_oidc.sql.

CREATE TABLE oidc_flows (
    id                 TEXT PRIMARY KEY,
    client_id          TEXT NOT NULL,
    request_uri_hash   TEXT NOT NULL UNIQUE,  -- SHA-256 of the request_uri's random part
    request_expires_at BIGINT NOT NULL,      -- unix seconds; /authorize refuses it from then on
    request_used_at    BIGINT,               -- set once, by /authorize
    redirect_uri       TEXT NOT NULL,         -- exactly one of the client's registered URIs
    state              TEXT NOT NULL,
    nonce              TEXT NOT NULL,
    code_challenge     TEXT NOT NULL,         -- PKCE S256
    session_request    TEXT NOT NULL,         -- JSON; '{}' once the session exists
    session_id         TEXT,
    code_hash          TEXT UNIQUE,           -- SHA-256 of the one-time code
    code_expires_at    BIGINT,
    code_used_at       BIGINT,
    verification_id    TEXT,                  -- the PASS the code stands for
    access_token_hash  TEXT UNIQUE,
    access_expires_at  BIGINT,
    revoked_at         BIGINT,               -- a second use of the code revokes what the first issued
    created_at         BIGINT NOT NULL
);

CREATE INDEX oidc_flows_session ON oidc_flows(session_id);
CREATE INDEX oidc_flows_request_expiry ON oidc_flows(request_expires_at);
