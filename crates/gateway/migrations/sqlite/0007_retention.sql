-- Retention that keeps its promises (issue 18 §3, §4).
--
-- The link between a patient and an enrolment: a keyed hash (HMAC-SHA256 under the gateway's
-- patient_ref_key, of the client id and the patient reference), kept when the reference itself
-- is purged, so re-verification works for reverify_max_age_days whatever retention_days is.
-- NULL: not computed yet (the sweeper fills it in for sessions older than this migration while
-- their reference is still there); '': forgotten (the enrolment aged out, or was erased on the
-- host's request), never filled in again.
ALTER TABLE sessions ADD COLUMN patient_link TEXT;

-- Sessions purged before this migration have no reference left to compute a link from.
UPDATE sessions SET patient_link = '' WHERE purged_at IS NOT NULL;

-- Erasure finds a client's patient by link.
CREATE INDEX sessions_patient_link ON sessions(client_id, patient_link);
-- The sweeper's steps, each reading only the rows it may change, never every session ever made:
-- sessions still to purge, links still to forget or to fill in, tokens still to blank.
CREATE INDEX sessions_unpurged ON sessions(expires_at) WHERE purged_at IS NULL;
CREATE INDEX sessions_linked ON sessions(expires_at) WHERE patient_link <> '';
CREATE INDEX sessions_unlinked ON sessions(expires_at) WHERE patient_link IS NULL;
CREATE INDEX verifications_with_token ON verifications(session_id) WHERE result_token IS NOT NULL;
-- Audit events are pruned by age (audit_retention_days).
CREATE INDEX audit_events_at ON audit_events(at);

-- When an operator last re-queued the delivery (`gateway redeliver`), unix seconds; retries run
-- for epic.max_age_hours from then (or from created_at when never re-queued).
ALTER TABLE webhook_outbox ADD COLUMN queued_at INTEGER;

-- Events whose body an older gateway replaced by '{"purged":true}': nothing may ever be sent in
-- place of a decision, so they go (their sessions were purged; the audit keeps their history).
DELETE FROM webhook_outbox WHERE body = '{"purged":true}';
