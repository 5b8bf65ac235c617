// The kit's decisions (lib/checks.mjs, lib/plan.mjs), without a browser or a server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compare, deriveOutcome, missingInOrder, sessionIdOf, verifyWebhookSignature } from '../lib/checks.mjs';
import { buildPlan } from '../lib/plan.mjs';

const W = 'http://localhost:8080';
const msg = (type, payload = {}) => ({ origin: W, fromFrame: true, source: 'idv-widget', version: 1, type, payload });
const steps = (...screens) => screens.map((screen) => msg('step', { screen }));

test('the outcome the host learnt comes from its last complete, else cancel, else error', () => {
  const fail = msg('complete', { status: 'FAIL', reason_code: 'IDV0011', verification_id: 'v1', result_token: 't1' });
  const last = msg('complete', { status: 'FAIL', reason_code: 'IDV0014', verification_id: 'v2', result_token: 't2' });
  const o = deriveOutcome([msg('ready'), fail, last]);
  assert.equal(o.outcome, 'FAIL');
  assert.equal(o.reason_code, 'IDV0014');
  assert.equal(o.completes.length, 2);
  assert.equal(deriveOutcome([msg('ready'), msg('cancel', { reason: 'consent_declined' })]).outcome, 'DECLINED');
  const cam = deriveOutcome([msg('ready'), msg('error', { code: 'camera_denied' })]);
  assert.deepEqual([cam.outcome, cam.error], ['CAMERA_PROBLEM', 'camera_denied']);
  assert.equal(deriveOutcome([msg('ready'), msg('error', { code: 'session_finished' })]).outcome, 'HOST_ERROR');
  assert.equal(deriveOutcome([]).outcome, 'NOT_LAUNCHED');
  assert.equal(deriveOutcome([msg('ready')]).outcome, 'NO_OUTCOME');
});

test('webhook signatures (Standard Webhooks): valid, rotated, tampered, stale, missing', () => {
  // The specification's own example (standard-webhooks/spec): an independent reference.
  const body = '{"test": 2432232314}';
  const base = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: '1614265330',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    body,
    nowSecs: 1614265330 + 10,
  };
  assert.equal(verifyWebhookSignature(base), 'valid');
  // During a rotation the header lists one signature per secret: any one may match.
  assert.equal(verifyWebhookSignature({ ...base, signature: `v1,AAAA ${base.signature}` }), 'valid');
  assert.equal(verifyWebhookSignature({ ...base, body: '{"test": 2432232315}' }), 'invalid');
  assert.equal(verifyWebhookSignature({ ...base, id: 'msg_other' }), 'invalid');
  assert.equal(verifyWebhookSignature({ ...base, secret: 'whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5YWI=' }), 'invalid');
  assert.equal(verifyWebhookSignature({ ...base, nowSecs: 1614265330 + 301 }), 'stale');
  assert.equal(verifyWebhookSignature({ ...base, signature: undefined }), 'missing');
  assert.equal(verifyWebhookSignature({ ...base, id: undefined }), 'missing');
});

test('helpers: subsequences and the session id of a widget URL', () => {
  assert.equal(missingInOrder(['a', 'x', 'b', 'c'], ['a', 'b', 'c']), null);
  assert.equal(missingInOrder(['a', 'c', 'b'], ['a', 'b', 'c']), 'c');
  assert.equal(sessionIdOf(`${W}/#session=abc&token=secret`), 'abc');
  assert.equal(sessionIdOf('not a url'), null);
});

function observedPass(overrides = {}) {
  const complete = msg('complete', { status: 'PASS', verification_id: 'vid-1', result_token: 'tok' });
  const messages = [msg('ready'), ...steps('consent', 'result'), complete];
  const good = [{ name: 'signature', ok: true, detail: 'valid' }];
  return {
    host: { messages, widgetOrigin: W, outcome: deriveOutcome(messages) },
    tokens: [{ verification_id: 'vid-1', token: 'tok', checks: good, claims: { status: 'PASS', ial: 2, mode: 'full' } }],
    webhook: {
      mode: 'receiver', sessionId: 's1',
      events: [{ signature: 'valid', event: { event_id: 'e1', type: 'verification.decided', verification_id: 'vid-1', session_id: 's1', status: 'PASS', mode: 'full' } }],
    },
    audit: {
      available: true,
      byVerification: {
        'vid-1': {
          record: { status: 'PASS', reason_code: null, webhook: { status: 'delivered' } },
          events: ['session.created', 'consent.given', 'capture.received', 'verification.submitted', 'verification.decided', 'webhook.delivered'].map((event) => (
            event === 'verification.decided' ? { event, verification_id: 'vid-1', detail: { status: 'PASS', reason_code: null } } : { event })),
        },
      },
    },
    patient: { screen: 'result', text: "You're verified", support: false, retry: false },
    patientData: { first_name: 'Ana', last_name: 'Rivera', date_of_birth: '1958-04-12' },
    ...overrides,
  };
}

test('a PASS seen the same on every channel has no difference', () => {
  assert.deepEqual(compare({ outcome: 'PASS', reason_code: null, token_claims: { ial: 2 }, patient: { screen: 'result', text: 'verified' } }, observedPass()), []);
});

test('each channel reports its own difference', () => {
  const o = observedPass();
  const diffs = compare({ outcome: 'FAIL', reason_code: 'IDV0011', token_claims: { ial: 1 }, patient: { text: 'expired', support: true } }, o);
  const named = diffs.map((d) => `${d.channel}: ${d.check}`);
  assert.deepEqual(named, [
    'host: outcome', 'host: complete.reason_code', 'token: claim ial', 'patient: reads', 'patient: routed to support (contact shown)',
  ]);
  assert.deepEqual(diffs[0], { channel: 'host', check: 'outcome', expected: 'FAIL', got: 'PASS' });

  const tampered = observedPass();
  tampered.webhook.events[0].signature = 'invalid';
  tampered.audit.byVerification['vid-1'].record.webhook.status = 'pending';
  tampered.audit.byVerification['vid-1'].events.splice(1, 1);
  tampered.audit.byVerification['vid-1'].events.find((e) => e.event === 'verification.decided').detail.status = 'FAIL';
  tampered.tokens[0].checks.push({ name: 'nonce = the session\'s', ok: false, detail: 'other', expected: 'mine' });
  const d2 = compare({ outcome: 'PASS' }, tampered).map((d) => `${d.channel}: ${d.check}`);
  assert.deepEqual(d2, ['token: nonce = the session\'s', 'webhook: signature', 'audit: webhook delivery', 'audit: verification.decided detail', 'audit: audit events in order']);
});

test('a host page whose backend rejected the token is a difference', () => {
  const o = observedPass({ hostVerdicts: [{ verification_id: 'vid-1', status: 'PASS', text: "Verified by the host's backend: PASS" }] });
  assert.deepEqual(compare({ outcome: 'PASS' }, o), []);
  o.hostVerdicts.push({ verification_id: 'vid-2', status: 'PASS', text: 'Result rejected: replayed' });
  assert.deepEqual(compare({ outcome: 'PASS' }, o), [
    { channel: 'host', check: "the host's backend accepted the PASS token", expected: 'a verdict naming PASS', got: 'Result rejected: replayed' },
  ]);
});

test('personal data in a host message, the webhook or the audit trail is a difference', () => {
  const o = observedPass();
  o.host.messages.push(msg('step', { screen: 'Rivera' }));
  o.webhook.events[0].event.first_name = 'Ana';
  const d = compare({ outcome: 'PASS' }, o).map((x) => `${x.channel}: ${x.check}: ${x.got}`);
  assert.ok(d.includes('host: no personal data in messages: last_name'), d.join('\n'));
  assert.ok(d.includes('webhook: no personal data: first_name'), d.join('\n'));
});

test('a decline has no verification: no webhook may arrive for its session', () => {
  const messages = [msg('ready'), ...steps('consent', 'declined'), msg('cancel', { reason: 'consent_declined', resumable: false })];
  const o = {
    ...observedPass(),
    host: { messages, widgetOrigin: W, outcome: deriveOutcome(messages) },
    tokens: [],
    webhook: { mode: 'receiver', sessionId: 's1', events: [] },
    audit: { available: true, byVerification: {} },
    patient: { screen: 'declined', text: 'You chose not to verify online' },
  };
  assert.deepEqual(compare({ outcome: 'DECLINED', steps: ['consent', 'declined'] }, o), []);
  o.webhook.events.push({ signature: 'valid', event: { event_id: 'e', session_id: 's1', status: 'FAIL' } });
  assert.deepEqual(compare({ outcome: 'DECLINED' }, o).map((x) => x.check), ['no event without a decision']);
});

test('a scenario file with a typo is refused with where it is', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'idv-qa-plan-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const opts = { fixturesDir: dir, baseDir: dir };
  const ok = buildPlan({ defaults: { pictures: { front: 'fixture:a.png' } }, scenarios: [{ id: 'x', expect: { outcome: 'PASS' } }] }, opts);
  assert.deepEqual(ok.scenarios[0].steps.map((s) => s.do), ['consent', 'choose', 'capture_all', 'wait_result']);
  assert.equal(ok.scenarios[0].pictures.front, path.join(dir, 'a.png'));
  assert.throws(() => buildPlan({ scenarios: [{ id: 'x', expect: { outcome: 'PASS', reason: 'IDV0011' } }] }, opts), /scenarios\[0\] \(x\)\.expect: unknown key "reason"/);
  assert.throws(() => buildPlan({ scenarios: [{ id: 'x', expect: { outcome: 'PASSED' } }] }, opts), /expect\.outcome: one of/);
  assert.throws(() => buildPlan({ scenarios: [{ id: 'x', steps: ['smile'], expect: { outcome: 'PASS' } }] }, opts), /unknown step "smile"/);
  assert.throws(() => buildPlan({ scenarios: [{ id: 'x', pictures: { back: 'fixture:none.png' }, expect: { outcome: 'PASS' } }] }, opts), /picture fixture:none\.png: no file/);
  assert.throws(() => buildPlan({ scenarios: [{ id: 'x', expect: { outcome: 'PASS' } }] }, { ...opts, only: ['y'] }), /--only: no scenario y/);
});
