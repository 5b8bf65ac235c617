-- Continue on your phone: one-time links (and short codes) that open a session on the patient's
-- phone. Tokens and codes are stored hashed, like capture tokens.

CREATE TABLE handoffs (
    id               TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES sessions(id),
    token_hash       TEXT NOT NULL UNIQUE,   -- SHA-256 of the link's one-time token
    code_hash        TEXT NOT NULL,          -- SHA-256 of the short code (normalised)
    created_at       INTEGER NOT NULL,       -- unix seconds
    expires_at       INTEGER NOT NULL,       -- unix seconds; not redeemable from then on
    redeemed_at      INTEGER,                -- unix seconds; set once
    phone_token_hash TEXT UNIQUE             -- SHA-256 of the capture token the phone received
);

CREATE INDEX handoffs_session ON handoffs(session_id);
CREATE INDEX handoffs_code ON handoffs(code_hash);
