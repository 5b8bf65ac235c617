// The kit itself, end to end, through its command line: a deliberately wrong expectation fails
// with the same clear difference in every report, and the kit pointed at a second gateway (its
// own port, client id and secrets, behind the demo host page, as a staging deployment would be)
// passes. Needs the built stack: target/debug/{gateway,kosmos-tenant} (or IDV_SERVER_BIN_DIR),
// dist/ and e2e/fixtures, as scripts/test.sh makes them.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, LocalStack } from '../lib/stack.mjs';
import { validateJunit } from '../dev/junit-schema.mjs';

const kit = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(kit, '..');
const binDir = path.resolve(repo, process.env.IDV_SERVER_BIN_DIR ?? 'target/debug');
const widgetDir = path.resolve(repo, process.env.IDV_QA_WIDGET_DIR ?? 'dist');
const stackArgs = ['--bin-dir', binDir, '--widget-dir', widgetDir];

/** Runs bin/idv-qa.mjs; its exit code, output and reports. */
function idvQa(args, reportDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(kit, 'bin/idv-qa.mjs'), ...args, '--report', reportDir], { cwd: repo });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    child.on('error', reject);
    child.on('exit', (code) => {
      const read = (f) => { try { return readFileSync(path.join(reportDir, f), 'utf8'); } catch { return null; } };
      resolve({ code, out, summary: read('summary.txt'), junit: read('junit.xml'), html: read('report.html'), json: read('events.json') });
    });
  });
}

const dirs = [];
const tmp = (name) => { const d = mkdtempSync(path.join(tmpdir(), `idv-qa-${name}-`)); dirs.push(d); return d; };
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a deliberately wrong expectation', () => {
  test('fails the run with the same clear difference in the terminal, JUnit (schema-valid), HTML and JSON', { timeout: 180000 }, async () => {
    const dir = tmp('wrong');
    const plan = JSON.parse(readFileSync(path.join(kit, 'scenarios.json'), 'utf8'));
    const pass = plan.scenarios.find((s) => s.id === 'pass');
    // A genuine licence, expected (wrongly) to fail as expired.
    const wrong = { ...pass, id: 'wrong-expectation', title: 'a genuine licence, wrongly expected to fail', expect: { outcome: 'FAIL', reason_code: 'IDV0011' } };
    // Pictures stay the repository's fixtures: the file lives elsewhere, --fixtures says where.
    writeFileSync(path.join(dir, 'scenarios.json'), JSON.stringify({ defaults: plan.defaults, scenarios: [wrong] }));
    const r = await idvQa(['--scenarios', path.join(dir, 'scenarios.json'), '--fixtures', path.join(repo, 'e2e/fixtures'), ...stackArgs], path.join(dir, 'report'));
    assert.equal(r.code, 1, r.out);
    // The terminal: the row and the differences, channel by channel.
    assert.match(r.summary, /FAIL\s+wrong-expectation\s+FAIL IDV0011\s+PASS\s+\d+\.\d/, r.summary);
    assert.match(r.summary, /\[host\] outcome: expected FAIL, got PASS/);
    assert.match(r.summary, /\[host\] complete\.reason_code: expected IDV0011, got null/);
    assert.match(r.summary, /1 scenarios: 0 passed, 1 failed/);
    assert.match(r.out, /\[host\] outcome: expected FAIL, got PASS/, 'printed on the terminal too');
    // JUnit: valid, one failure naming the difference.
    const { valid, errors } = await validateJunit(r.junit);
    assert.deepEqual(errors, []);
    assert.ok(valid);
    assert.match(r.junit, /<testsuite name="idv-qa" tests="1" failures="1" errors="0"/);
    assert.match(r.junit, /<failure message="expected FAIL IDV0011, got PASS: \[host\] outcome: expected FAIL, got PASS" type="ExpectationFailed">/);
    // HTML: the differences table, and the screens of the journey in order.
    assert.match(r.html, /<h3>What differed<\/h3><table class="diffs">.*<td>host<\/td><td>outcome<\/td><td>FAIL<\/td><td>PASS<\/td>/s);
    const shots = [...r.html.matchAll(/<figcaption>(\d+)\. host step: (\w+)/g)].map((m) => m[2]);
    for (const screen of ['consent', 'choose_document', 'capture_front', 'review_selfie', 'result']) assert.ok(shots.includes(screen), `a screenshot of ${screen}: ${shots}`);
    // JSON: the difference, the host messages, the webhook and the audit read on one timeline.
    const log = JSON.parse(r.json);
    const s = log.scenarios[0];
    assert.equal(s.status, 'failed');
    assert.deepEqual(s.differences[0], { channel: 'host', check: 'outcome', expected: 'FAIL', got: 'PASS' });
    const channels = new Set(s.events.map((e) => e.channel));
    for (const c of ['host', 'webhook', 'audit', 'token', 'screen']) assert.ok(channels.has(c), `${c} on the timeline`);
    // Only the expectation was wrong: the channels agree with each other (PASS everywhere).
    assert.deepEqual(s.differences.map((d) => d.channel), ['host', 'host']);
  });
});

describe('a second gateway, as a staging deployment would be', () => {
  let stack;
  let target;
  before(async () => {
    stack = new LocalStack({ repo, binDir, widgetDir });
    await stack.startTenant();
    const [gatewayPort, hostPort] = [await freePort(), await freePort()];
    const hostOrigin = `http://127.0.0.1:${hostPort}`;
    const staging = { clientId: 'staging-mychart', clientSecret: 'staging-secret-0123456789', webhookSecret: 'whsec_c3RhZ2luZy13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg=' };
    // Its own credentials and webhook secret; the Epic webhook goes to the (demo) host, whose
    // receiver checks the signature and lists what it accepted.
    const gateway = await stack.startGateway({
      name: 'staging', port: gatewayPort, allowedOrigins: [hostOrigin], webhookUrl: `${hostOrigin}/epic/webhook`, ...staging,
    });
    await stack.startDemoHost({ port: hostPort, gatewayUrl: gateway, ...staging });
    target = { gateway, hostOrigin, ...staging };
  });
  after(async () => { await stack?.stop(); });

  test('the kit passes against it through its host page, with its credentials, reading its webhook log', { timeout: 240000 }, async () => {
    const dir = tmp('staging');
    const r = await idvQa([
      '--gateway', target.gateway, '--client-id', target.clientId, '--client-secret', target.clientSecret,
      '--host-page', `${target.hostOrigin}/`, '--host-verdict', '#outcome', '--webhook-log', `${target.hostOrigin}/api/webhook-events`,
      '--tag', 'staging', '--fixtures', path.join(repo, 'e2e/fixtures'),
    ], path.join(dir, 'report'));
    assert.equal(r.code, 0, r.out);
    assert.match(r.summary, /3 scenarios: 3 passed, 0 failed, 0 errors, 0 skipped/, r.summary);
    const log = JSON.parse(r.json);
    assert.equal(log.target.gateway, target.gateway);
    assert.equal(log.target.client_id, 'staging-mychart');
    const pass = log.scenarios.find((s) => s.id === 'pass');
    // The token's audience is this deployment's client; the webhook came through its log.
    assert.ok(pass.tokens[0].checks.some((c) => c.name.startsWith('audience') && c.ok && c.detail === 'staging-mychart'));
    assert.ok(pass.events.some((e) => e.channel === 'webhook' && e.data.status === 'PASS'));
    assert.equal(pass.audit[pass.verification_ids[0]].record.status, 'PASS');
    // The host page's backend verified the token itself (nonce, single use) and said so.
    assert.ok(pass.events.some((e) => e.kind === 'host backend verdict' && e.data.text === "Verified by the host's backend: PASS"));
    // Wrong credentials are refused by the deployment: the kit says so and fails.
    const bad = await idvQa([
      '--gateway', target.gateway, '--client-id', target.clientId, '--client-secret', 'wrong',
      '--only', 'pass', '--fixtures', path.join(repo, 'e2e/fixtures'), '--no-screenshots',
    ], path.join(dir, 'bad'));
    assert.equal(bad.code, 1, bad.out);
    assert.match(bad.summary, /401 bad_credentials/);
  });
});
