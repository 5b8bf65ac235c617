-- Failed "Continue on your phone" redemptions: unknown links and codes (session_id NULL) and a
-- session's used or expired ones. Counted here, not in a replica's memory, so N replicas allow
-- no more guesses than one. Pruned by the sweeper once older than the longest budget window.

CREATE TABLE redeem_failures (
    at         INTEGER NOT NULL,   -- unix seconds
    session_id TEXT                -- the session whose handoff was named; NULL when none was
);

CREATE INDEX redeem_failures_at ON redeem_failures(at);
CREATE INDEX redeem_failures_session ON redeem_failures(session_id, at);
