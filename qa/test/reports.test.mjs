// The reports, from a run's results (no browser): the JUnit XML is valid against the common
// JUnit schemas, and a failed expectation reads the same in the terminal, JUnit, HTML and JSON.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlReport, jsonLog, junitXml, summaryTable } from '../lib/report.mjs';
import { validateJunit } from '../dev/junit-schema.mjs';

const diff = { channel: 'host', check: 'complete.reason_code', expected: 'IDV0011', got: 'IDV0010' };
const run = {
  started: Date.parse('2026-12-06T23:00:00Z'),
  seconds: 42.5,
  target: { gateway: 'http://localhost:8080', client_id: 'mychart-demo' },
  results: [
    { id: 'pass', title: 'PASS & <friends>', tags: [], status: 'passed', expected: 'PASS', got: 'PASS', seconds: 12.3, diffs: [], notes: {}, timeline: [], screens: [] },
    {
      id: 'fail-expired', title: 'expired "licence"', tags: [], status: 'failed', expected: 'FAIL IDV0011', got: 'FAIL IDV0010', seconds: 11,
      diffs: [diff], notes: { webhook: 'x' }, screens: [{ t: 100, label: 'host step: consent', file: 'screens/fail-expired-01.jpg' }],
      timeline: [
        { t: 50, channel: 'host', kind: 'complete', data: { status: 'FAIL', reason_code: 'IDV0010', result_token: 'a.b.c' } },
        { t: 900, channel: 'webhook', kind: 'verification.decided', data: { status: 'FAIL', reason_code: 'IDV0010', signature: 'valid' } },
      ],
    },
    { id: 'broken', title: 'a step failed', tags: [], status: 'error', expected: 'PASS', got: 'NO_OUTCOME', seconds: 3, diffs: [{ channel: 'run', check: 'scenario ran to its end', expected: 'every step done', got: 'step 2 failed\u0001' }], notes: {}, timeline: [], screens: [] },
    { id: 'reverify', title: 'skipped one', tags: [], status: 'skipped', reason: 'needs the kit\'s own host page', expected: 'PASS', got: '—', seconds: 0, diffs: [], notes: {}, timeline: [], screens: [] },
  ],
};

test('the JUnit XML is valid against the Jenkins JUnit schema, with a failure, an error and a skip', async () => {
  const xml = junitXml(run);
  const { valid, errors } = await validateJunit(xml, 'jenkins');
  assert.deepEqual(errors, []);
  assert.ok(valid);
  assert.match(xml, /<testsuite name="idv-qa" tests="4" failures="1" errors="1" skipped="1"/);
  assert.match(xml, /<failure message="expected FAIL IDV0011, got FAIL IDV0010: \[host\] complete.reason_code: expected IDV0011, got IDV0010" type="ExpectationFailed">/);
  assert.match(xml, /<skipped>needs the kit's own host page<\/skipped>/);
  assert.match(xml, /name="pass: PASS &amp; &lt;friends&gt;"/);
});

test('the JUnit XML of a run without skips is valid against Apache Ant\'s JUnit schema too', async () => {
  const noSkips = { ...run, results: run.results.filter((r) => r.status !== 'skipped') };
  const xml = junitXml(noSkips);
  const { valid, errors } = await validateJunit(xml, 'ant');
  assert.deepEqual(errors, []);
  assert.ok(valid);
});

test('the validator does reject a malformed report (the check can fail)', async () => {
  const broken = junitXml(run).replace('<testsuite ', '<testsuite bogus="1" ').replace(/ tests="4" /, ' ');
  const { valid, errors } = await validateJunit(broken, 'jenkins');
  assert.equal(valid, false);
  assert.ok(errors.length > 0);
});

test('a difference reads the same in the terminal table, the HTML report and the JSON log', () => {
  const table = summaryTable(run);
  assert.match(table, /FAIL\s+fail-expired\s+FAIL IDV0011\s+FAIL IDV0010\s+11\.0/);
  assert.match(table, /\[host\] complete\.reason_code: expected IDV0011, got IDV0010/);
  assert.match(table, /4 scenarios: 1 passed, 1 failed, 1 errors, 1 skipped in 42\.5 s/);
  const html = htmlReport(run);
  assert.match(html, /<td>host<\/td><td>complete\.reason_code<\/td><td>IDV0011<\/td><td>IDV0010<\/td>/);
  assert.match(html, /<img src="screens\/fail-expired-01\.jpg" alt="host step: consent"/);
  assert.match(html, /verification\.decided: FAIL IDV0010, signature valid/);
  assert.match(html, /expired &quot;licence&quot;/);
  const log = JSON.parse(jsonLog(run));
  assert.deepEqual(log.counts, { total: 4, passed: 1, failed: 1, error: 1, skipped: 1 });
  assert.deepEqual(log.scenarios[1].differences, [diff]);
  assert.equal(log.scenarios[1].events.length, 2);
});
