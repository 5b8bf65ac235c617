-- The session's retry policy, chosen by the host when it creates the session, and the cause of
-- a FAIL that used the last attempt (its reason_code becomes IDV0014).

ALTER TABLE sessions ADD COLUMN max_attempts INTEGER;                          -- submissions allowed; NULL (sessions older than this migration): the gateway's max_attempts
ALTER TABLE sessions ADD COLUMN max_retakes INTEGER;                           -- retakes per picture; NULL: no limit
ALTER TABLE sessions ADD COLUMN document_upload INTEGER NOT NULL DEFAULT 0;    -- 1: document pictures may come from a file

ALTER TABLE verifications ADD COLUMN cause_code TEXT;                     -- with IDV0014: why the last attempt failed
