-- "Continue on your phone" belongs to one person's phone: a handoff can be revoked (another of
-- the session's links or codes was redeemed, the computer chose "Use this device instead", the
-- patient stopped on the phone, the host cancelled the session), the phone gives its own
-- consent, and a verification says which device took its pictures. Codes are now stored as
-- HMAC-SHA256 under the gateway's handoff_code_key: every handoff live before this migration is
-- revoked (its code was stored as bare SHA-256).

ALTER TABLE handoffs ADD COLUMN revoked_at INTEGER;       -- unix seconds; the handoff and its phone token are dead from then on
ALTER TABLE handoffs ADD COLUMN revoked_reason TEXT;      -- redeemed_another | desktop | declined | cancelled | migration
ALTER TABLE handoffs ADD COLUMN consented_at INTEGER;     -- unix seconds; the phone's own consent (document and biometric)

ALTER TABLE verifications ADD COLUMN via TEXT NOT NULL DEFAULT 'same_device';  -- same_device | phone_handoff

UPDATE handoffs SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER), revoked_reason = 'migration'
    WHERE revoked_at IS NULL;
