// The kit's decisions, as pure functions: what a scenario expects, what was observed on each
// channel (host messages and result token, webhook, audit trail, the patient's screen), and the
// differences between them. No browser, network or clock in here (tests: test/checks.test.mjs).

import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const CHANNELS = ['host', 'token', 'webhook', 'audit', 'patient'];

/** The sides a journey photographs. */
export function sidesOf(documentType, mode = 'full') {
  if (mode === 'reverify') return ['selfie'];
  return documentType === 'passport' ? ['front', 'selfie'] : ['front', 'back', 'selfie'];
}

/**
 * A Standard Webhooks delivery (docs/integration.md §5): `valid` when one of the space-separated
 * `webhook-signature` values is the `standardwebhooks` library's own signature of
 * "{id}.{timestamp}.{body}" with `secret`; else `invalid`, `stale` (more than `toleranceSecs`
 * from `nowSecs`) or `missing`. The clock is a parameter, so this stays pure.
 */
export function verifyWebhookSignature({ secret, id, timestamp, signature, body, nowSecs, toleranceSecs = 300 }) {
  if (!id || !timestamp || !signature) return 'missing';
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return 'invalid';
  if (Math.abs(nowSecs - ts) > toleranceSecs) return 'stale';
  const expected = Buffer.from(new Webhook(secret).sign(String(id), new Date(ts * 1000), body));
  const matches = String(signature).split(' ').some((given) => {
    const g = Buffer.from(given);
    return g.length === expected.length && timingSafeEqual(g, expected);
  });
  return matches ? 'valid' : 'invalid';
}

/** `#session=…&token=…` of a widget URL: the session id (the token is never kept). */
export function sessionIdOf(widgetUrl) {
  try {
    return new URLSearchParams(new URL(widgetUrl).hash.slice(1)).get('session');
  } catch {
    return null;
  }
}

/**
 * What the host learnt, from its messages (in order): PASS / FAIL / ERROR from the last
 * `complete`, DECLINED or CANCELLED from `cancel`, CAMERA_PROBLEM (or HOST_ERROR) from `error`,
 * NOT_LAUNCHED when the widget never said `ready`, else NO_OUTCOME.
 */
export function deriveOutcome(messages) {
  const completes = messages.filter((m) => m.type === 'complete').map((m) => ({
    status: m.payload?.status ?? null,
    reason_code: m.payload?.reason_code ?? null,
    verification_id: m.payload?.verification_id ?? null,
    result_token: m.payload?.result_token ?? null,
  }));
  const errors = messages.filter((m) => m.type === 'error').map((m) => m.payload?.code ?? null);
  const cancels = messages.filter((m) => m.type === 'cancel').map((m) => m.payload?.reason ?? null);
  const ready = messages.some((m) => m.type === 'ready');
  let outcome;
  let reason_code = null;
  let error = null;
  if (completes.length > 0) {
    const last = completes[completes.length - 1];
    outcome = last.status ?? 'COMPLETE_WITHOUT_STATUS';
    reason_code = last.reason_code;
  } else if (cancels.length > 0) {
    outcome = cancels.includes('consent_declined') ? 'DECLINED' : 'CANCELLED';
  } else if (errors.length > 0) {
    error = errors[errors.length - 1];
    outcome = /^(camera_|no_camera|insecure_context)/.test(error) ? 'CAMERA_PROBLEM' : 'HOST_ERROR';
  } else if (!ready) {
    outcome = 'NOT_LAUNCHED';
  } else {
    outcome = 'NO_OUTCOME';
  }
  if (error === null && errors.length > 0) error = errors[errors.length - 1];
  return { outcome, reason_code, error, completes, errors, cancels, ready };
}

/** One line for the summary table: "FAIL IDV0011", "CAMERA_PROBLEM camera_denied". */
export function outcomeLine({ outcome, reason_code, error, cause_code }) {
  return [outcome, reason_code, cause_code ? `(cause ${cause_code})` : null, error].filter(Boolean).join(' ');
}

/** The expected outcome line of a scenario. */
export function expectedLine(expect) {
  return outcomeLine({ outcome: expect.outcome, reason_code: expect.reason_code, cause_code: expect.cause_code, error: expect.error });
}

const DECIDED = new Set(['PASS', 'FAIL', 'ERROR']);

/** The audit events a verification must show, in order, unless the scenario lists its own. */
export function defaultAuditEvents({ webhookExpected }) {
  return [
    'session.created', 'consent.given', 'capture.received', 'verification.submitted',
    'verification.decided', ...(webhookExpected ? ['webhook.delivered'] : []),
  ];
}

/** Is `wanted` a subsequence of `events` (names, in order)? The first missing name, or null. */
export function missingInOrder(events, wanted) {
  let i = 0;
  for (const name of wanted) {
    while (i < events.length && events[i] !== name) i++;
    if (i === events.length) return name;
    i++;
  }
  return null;
}

/** Personal data of the patient found in `text` (names and birth date), if any. */
export function leakedPii(text, patient) {
  const found = [];
  for (const key of ['first_name', 'last_name', 'date_of_birth']) {
    const value = patient?.[key];
    if (value && value.length >= 3 && text.includes(value)) found.push(key);
  }
  return found;
}

/**
 * The differences between what a scenario expects and what was observed. Each is
 * `{ channel, check, expected, got }`; an empty list is a pass. `observed`:
 * - `host`: { messages, widgetOrigin, outcome (deriveOutcome) }
 * - `tokens`: [{ verification_id, checks: [{ name, ok, detail }], claims }]
 * - `webhook`: { mode: 'receiver' | 'log' | 'none', events: [records], sessionId }
 * - `audit`: { available, byVerification: { vid: { record, events, error } } }
 * - `patient`: { screen, text, support, retry, problem }
 * - `patientData`: the scenario's patient (for the personal-data checks)
 */
export function compare(expect, observed) {
  const diffs = [];
  const diff = (channel, check, expected, got) => diffs.push({ channel, check, expected, got });
  const host = observed.host;
  const o = host.outcome;

  // Host messages.
  if (o.outcome !== expect.outcome) diff('host', 'outcome', expect.outcome, o.outcome);
  if ('reason_code' in expect && (expect.reason_code ?? null) !== o.reason_code) {
    diff('host', 'complete.reason_code', expect.reason_code ?? null, o.reason_code);
  }
  if (expect.error && expect.error !== o.error) diff('host', 'error code', expect.error, o.error);
  if (expect.completes) {
    const got = o.completes.map((c) => `${c.status}${c.reason_code ? ` ${c.reason_code}` : ''}`);
    const want = expect.completes.map((c) => `${c.status}${c.reason_code ? ` ${c.reason_code}` : ''}`);
    if (JSON.stringify(got) !== JSON.stringify(want)) diff('host', 'complete messages', want.join(', '), got.join(', ') || 'none');
  }
  if (expect.outcome === 'NOT_LAUNCHED' && host.messages.length > 0) {
    diff('host', 'no message (the widget cannot know the origin)', 'none', host.messages.map((m) => m.type).join(', '));
  }
  const foreign = host.messages.filter((m) => m.origin !== host.widgetOrigin || m.fromFrame === false);
  if (foreign.length) diff('host', 'every message from the widget origin and iframe', host.widgetOrigin, foreign.map((m) => m.origin).join(', '));
  const visible = JSON.stringify(host.messages.map((m) => ({ ...m, payload: { ...m.payload, result_token: undefined } })));
  const leaks = leakedPii(visible, observed.patientData);
  if (leaks.length) diff('host', 'no personal data in messages', 'none', leaks.join(', '));
  if (expect.steps) {
    const screens = host.messages.filter((m) => m.type === 'step').map((m) => m.payload?.screen);
    const missing = missingInOrder(screens, expect.steps);
    if (missing) diff('host', 'screens in order', expect.steps.join(' > '), `${screens.join(' > ')} (missing ${missing})`);
  }

  // The host page's backend accepted each token (--host-verdict): its verdict names the status.
  for (const v of observed.hostVerdicts ?? []) {
    if (!v.text.includes(v.status) || /reject/i.test(v.text)) diff('host', `the host's backend accepted the ${v.status} token`, `a verdict naming ${v.status}`, v.text);
  }

  // The signed result token: one per PASS/FAIL `complete`, every check passed; none for ERROR.
  for (const c of o.completes) {
    const token = observed.tokens.find((t) => t.verification_id === c.verification_id && t.token === c.result_token);
    if (c.status === 'PASS' || c.status === 'FAIL') {
      if (!c.result_token) { diff('token', `${c.status} carries a result token`, 'a token', 'none'); continue; }
      if (!token) { diff('token', 'token checked', 'checked', 'not checked'); continue; }
      for (const check of token.checks) if (!check.ok) diff('token', check.name, check.expected ?? 'ok', check.detail);
      if (token.claims && token.claims.status !== c.status) diff('token', 'status claim = complete', c.status, token.claims.status);
      if (token.claims && (token.claims.reason_code ?? null) !== (c.reason_code ?? null)) {
        diff('token', 'reason_code claim = complete', c.reason_code ?? null, token.claims.reason_code ?? null);
      }
      if (expect.token_claims && c === o.completes[o.completes.length - 1] && token.claims) {
        for (const [k, v] of Object.entries(expect.token_claims)) {
          if (JSON.stringify(token.claims[k]) !== JSON.stringify(v)) diff('token', `claim ${k}`, v, token.claims[k] ?? null);
        }
      }
    } else if (c.result_token) {
      diff('token', `${c.status} carries no result token`, 'none', 'a token');
    }
  }

  // The webhook: one event (deduplicated on event_id) per decided verification, signed.
  const wh = observed.webhook;
  const decided = o.completes.filter((c) => DECIDED.has(c.status) && c.verification_id);
  const vids = [...new Set(decided.map((c) => c.verification_id))];
  if (wh.mode !== 'none') {
    for (const vid of vids) {
      const c = decided.filter((d) => d.verification_id === vid).at(-1);
      const records = wh.events.filter((r) => r.event?.verification_id === vid);
      const ids = [...new Set(records.map((r) => r.event.event_id))];
      if (ids.length !== 1) { diff('webhook', `one event for ${vid.slice(0, 8)}`, 1, ids.length); continue; }
      const bad = records.filter((r) => r.signature !== 'valid' && r.signature !== 'checked by the receiver');
      if (bad.length) diff('webhook', 'signature', 'valid', bad.map((r) => r.signature).join(', '));
      const e = records[0].event;
      if (e.type !== 'verification.decided') diff('webhook', 'type', 'verification.decided', e.type);
      if (e.status !== c.status) diff('webhook', 'status', c.status, e.status);
      if ((e.reason_code ?? null) !== (c.reason_code ?? null)) diff('webhook', 'reason_code', c.reason_code ?? null, e.reason_code ?? null);
      if (wh.sessionId && e.session_id !== wh.sessionId) diff('webhook', 'session_id', wh.sessionId, e.session_id);
      if (vid === vids.at(-1)) {
        if ('cause_code' in expect && (e.cause_code ?? null) !== (expect.cause_code ?? null)) {
          diff('webhook', 'cause_code', expect.cause_code ?? null, e.cause_code ?? null);
        }
        if (expect.mode && e.mode !== expect.mode) diff('webhook', 'mode', expect.mode, e.mode);
      }
      const leaks2 = leakedPii(JSON.stringify(e), observed.patientData);
      if (leaks2.length) diff('webhook', 'no personal data', 'none', leaks2.join(', '));
    }
    if (vids.length === 0 && wh.sessionId) {
      const stray = wh.events.filter((r) => r.event?.session_id === wh.sessionId);
      if (stray.length) diff('webhook', 'no event without a decision', 'none', stray.map((r) => r.event.status).join(', '));
    }
  }

  // The audit trail, read with the client's credentials.
  const audit = observed.audit;
  if (audit.available) {
    for (const vid of vids) {
      const c = decided.filter((d) => d.verification_id === vid).at(-1);
      const a = audit.byVerification[vid];
      if (!a || a.error) { diff('audit', `GET /v1/verifications/${vid.slice(0, 8)}`, 'the record', a?.error ?? 'not read'); continue; }
      if (a.record.status !== c.status) diff('audit', 'verification status', c.status, a.record.status);
      if ((a.record.reason_code ?? null) !== (c.reason_code ?? null)) diff('audit', 'verification reason_code', c.reason_code ?? null, a.record.reason_code ?? null);
      if (vid === vids.at(-1) && 'cause_code' in expect && (a.record.cause_code ?? null) !== (expect.cause_code ?? null)) {
        diff('audit', 'verification cause_code', expect.cause_code ?? null, a.record.cause_code ?? null);
      }
      if (observed.webhook.mode !== 'none' && a.record.webhook?.status !== 'delivered') {
        diff('audit', 'webhook delivery', 'delivered', a.record.webhook?.status ?? 'none');
      }
      const decision = a.events.find((e) => e.event === 'verification.decided' && e.verification_id === vid);
      if (!decision) diff('audit', `verification.decided for ${vid.slice(0, 8)}`, 'recorded', 'missing');
      else if (decision.detail?.status !== c.status || (decision.detail?.reason_code ?? null) !== (c.reason_code ?? null)) {
        diff('audit', 'verification.decided detail', `${c.status} ${c.reason_code ?? ''}`.trim(), `${decision.detail?.status} ${decision.detail?.reason_code ?? ''}`.trim());
      }
      const names = a.events.map((e) => e.event);
      const wanted = expect.audit_events ?? defaultAuditEvents({ webhookExpected: observed.webhook.mode !== 'none' });
      const missing = missingInOrder(names, wanted);
      if (missing) diff('audit', 'audit events in order', wanted.join(' > '), `${names.join(' > ')} (missing ${missing})`);
      const leaks3 = leakedPii(JSON.stringify(a.events), observed.patientData);
      if (leaks3.length) diff('audit', 'no personal data in the audit trail', 'none', leaks3.join(', '));
    }
  }

  // What the patient was shown.
  const p = expect.patient ?? {};
  const seen = observed.patient;
  if (p.screen && seen.screen !== p.screen) diff('patient', 'last screen', p.screen, seen.screen);
  if (p.text && !new RegExp(p.text, 'i').test(seen.text ?? '')) diff('patient', 'reads', `/${p.text}/`, (seen.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 200));
  if ('support' in p && Boolean(seen.support) !== p.support) diff('patient', 'routed to support (contact shown)', p.support, Boolean(seen.support));
  if ('retry' in p && Boolean(seen.retry) !== p.retry) diff('patient', '"Try again" offered', p.retry, Boolean(seen.retry));
  if (p.problem && seen.problem !== p.problem) diff('patient', 'camera problem screen', p.problem, seen.problem);
  return diffs;
}

/** Which channels a scenario was checked on, and which were not applicable (and why). */
export function channelNotes(observed) {
  const notes = {};
  const decided = observed.host.outcome.completes.filter((c) => DECIDED.has(c.status) && c.verification_id);
  if (observed.webhook.mode === 'none') notes.webhook = 'not checked: no receiver or log (--webhook-receiver / --webhook-log)';
  else if (decided.length === 0) notes.webhook = 'no decision, so no event: checked that none arrived for the session';
  if (decided.length === 0) notes.audit = 'no verification: the audit trail is read by verification id';
  if (!observed.host.outcome.completes.some((c) => c.status === 'PASS' || c.status === 'FAIL')) notes.token = 'no PASS/FAIL, so no token';
  return notes;
}
