// The four reports of a run: the terminal summary table, JUnit XML for CI systems, an HTML page
// for people (screens in order, host messages and webhook events on one timeline, what differed)
// and a JSON event log for machines. Pure functions from the run's results to text.

const STATUS_WORD = { passed: 'PASS', failed: 'FAIL', error: 'ERROR', skipped: 'SKIP' };

export function counts(results) {
  const c = { total: results.length, passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const r of results) c[r.status] += 1;
  return c;
}

/** The summary table (scenario, expected, got, seconds), then each difference. */
export function summaryTable(run) {
  const rows = run.results.map((r) => [STATUS_WORD[r.status], r.id, r.expected, r.status === 'skipped' ? `skipped: ${r.reason}` : r.got, r.seconds.toFixed(1)]);
  const head = ['', 'scenario', 'expected', 'got', 'seconds'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => String(row[i]).length))));
  const cut = (s, w) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (row) => row.map((cell, i) => (i === 4 ? String(cell).padStart(widths[i]) : cut(String(cell), widths[i]))).join('  ');
  const out = [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  const c = counts(run.results);
  out.push('', `${c.total} scenarios: ${c.passed} passed, ${c.failed} failed, ${c.error} errors, ${c.skipped} skipped in ${run.seconds.toFixed(1)} s`);
  for (const r of run.results.filter((x) => x.diffs.length)) {
    out.push('', `${r.id}: what differed`);
    for (const d of r.diffs) out.push(`  [${d.channel}] ${d.check}: expected ${fmt(d.expected)}, got ${fmt(d.got)}`);
  }
  return out.join('\n');
}

function fmt(v) {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function xml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/**
 * JUnit XML (the common schema: testsuites > testsuite > testcase with failure / error /
 * skipped). One testcase per scenario, classname "idv-qa.<channel-set>".
 */
export function junitXml(run, { name = 'idv-qa', hostname = 'localhost' } = {}) {
  const c = counts(run.results);
  const timestamp = new Date(run.started).toISOString().replace(/\.\d{3}Z$/, '');
  const cases = run.results.map((r) => {
    const open = `    <testcase name="${xml(`${r.id}: ${r.title}`)}" classname="idv-qa.scenarios" time="${r.seconds.toFixed(3)}"`;
    const body = r.diffs.map((d) => `[${d.channel}] ${d.check}: expected ${fmt(d.expected)}, got ${fmt(d.got)}`).join('\n');
    if (r.status === 'passed') return `${open}/>`;
    if (r.status === 'skipped') return `${open}>\n      <skipped>${xml(r.reason)}</skipped>\n    </testcase>`;
    const tag = r.status === 'failed' ? 'failure' : 'error';
    const first = r.diffs[0];
    const message = first ? `expected ${r.expected}, got ${r.got}: [${first.channel}] ${first.check}: expected ${fmt(first.expected)}, got ${fmt(first.got)}` : r.got;
    return `${open}>\n      <${tag} message="${xml(message)}" type="${r.status === 'failed' ? 'ExpectationFailed' : 'ScenarioError'}">${xml(body)}</${tag}>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // Totals on <testsuite> only: Ant's schema allows no attribute on <testsuites>,
    // nor "skipped" (written only when something was skipped; Jenkins' schema allows it).
    `<testsuites>`,
    `  <testsuite name="${xml(name)}" tests="${c.total}" failures="${c.failed}" errors="${c.error}"${c.skipped ? ` skipped="${c.skipped}"` : ''} time="${run.seconds.toFixed(3)}" timestamp="${timestamp}" hostname="${xml(hostname)}" id="0" package="idv-qa">`,
    '    <properties>',
    ...Object.entries(run.target ?? {}).map(([k, v]) => `      <property name="${xml(k)}" value="${xml(v)}"/>`),
    '    </properties>',
    ...cases,
    '    <system-out></system-out>',
    '    <system-err></system-err>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The JSON event log: every scenario with its host messages, screens, webhook events, audit reads and timings. */
export function jsonLog(run) {
  return JSON.stringify({
    tool: 'idv-qa',
    started_at: new Date(run.started).toISOString(),
    seconds: run.seconds,
    target: run.target ?? {},
    counts: counts(run.results),
    scenarios: run.results.map((r) => ({
      id: r.id, title: r.title, tags: r.tags, status: r.status, reason: r.reason ?? null,
      expected: r.expected, got: r.got, seconds: r.seconds, differences: r.diffs, notes: r.notes,
      session_id: r.session_id ?? null, verification_ids: r.verification_ids ?? [],
      events: r.timeline, screens: r.screens,
      tokens: r.tokens ?? [], audit: r.audit ?? {},
    })),
  }, null, 2);
}

function h(s) {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function eventText(e) {
  const d = e.data ?? {};
  if (e.channel === 'host') {
    if (e.kind === 'step') return `step: ${d.screen}`;
    if (e.kind === 'complete') return `complete: ${d.status}${d.reason_code ? ` ${d.reason_code}` : ''}${d.result_token ? ' (signed token)' : ''}`;
    if (e.kind === 'error') return `error: ${d.code}`;
    if (e.kind === 'cancel') return `cancel: ${d.reason}`;
    if (e.kind === 'resize') return `resize: ${d.height}px`;
    return `${e.kind}${Object.keys(d).length ? `: ${JSON.stringify(d)}` : ''}`;
  }
  if (e.channel === 'webhook') return `${e.kind}: ${d.status}${d.reason_code ? ` ${d.reason_code}` : ''}${d.cause_code ? ` (cause ${d.cause_code})` : ''}, signature ${d.signature}`;
  if (e.channel === 'screen') return `screenshot: ${d.label}`;
  if (e.channel === 'audit') return `audit read: ${d.status ?? '?'}; ${(d.events ?? []).join(' > ')}`;
  if (e.channel === 'token') return d.failed?.length ? `token checks failed: ${d.failed.join(', ')}` : 'token: every check passed';
  if (e.kind === 'step') return `step: ${typeof d === 'object' ? Object.values(d).join(' ') : d}`;
  return `${e.kind}${d && Object.keys(d).length ? `: ${JSON.stringify(d)}` : ''}`;
}

/** The HTML report: a summary, then per scenario what differed, its screens in order and its timeline. */
export function htmlReport(run) {
  const c = counts(run.results);
  const section = (r) => {
    const diffs = r.diffs.length ? `<table class="diffs"><tr><th>channel</th><th>check</th><th>expected</th><th>got</th></tr>${
      r.diffs.map((d) => `<tr><td>${h(d.channel)}</td><td>${h(d.check)}</td><td>${h(fmt(d.expected))}</td><td>${h(fmt(d.got))}</td></tr>`).join('')}</table>` : '';
    const notes = Object.entries(r.notes ?? {}).map(([k, v]) => `<li><b>${h(k)}</b>: ${h(v)}</li>`).join('');
    const shots = (r.screens ?? []).map((s, i) => `<figure><a href="${h(s.file)}"><img src="${h(s.file)}" alt="${h(s.label)}" loading="lazy"></a><figcaption>${i + 1}. ${h(s.label)} <small>${(s.t / 1000).toFixed(1)} s</small></figcaption></figure>`).join('');
    const events = (r.timeline ?? []).filter((e) => e.channel !== 'screen' && !(e.channel === 'host' && e.kind === 'resize'));
    const rows = events.map((e) => `<tr class="${h(e.channel)}"><td>${(e.t / 1000).toFixed(2)} s</td><td>${h(e.channel)}</td><td>${h(eventText(e))}</td></tr>`).join('');
    const tokens = (r.tokens ?? []).map((t) => `<ul class="checks">${t.checks.map((k) => `<li class="${k.ok ? 'ok' : 'bad'}">${k.ok ? '✔' : '✘'} ${h(k.name)}: ${h(k.detail)}</li>`).join('')}</ul>`).join('');
    return `<section class="scenario ${h(r.status)}" id="${h(r.id)}">
<h2><span class="badge">${STATUS_WORD[r.status]}</span> ${h(r.id)}: ${h(r.title)}</h2>
<p>Expected <b>${h(r.expected)}</b>, got <b>${h(r.status === 'skipped' ? `skipped: ${r.reason}` : r.got)}</b> in ${r.seconds.toFixed(1)} s.${r.session_id ? ` Session <code>${h(r.session_id)}</code>.` : ''}${(r.verification_ids ?? []).length ? ` Verification ${r.verification_ids.map((v) => `<code>${h(v)}</code>`).join(', ')}.` : ''}</p>
${diffs ? `<h3>What differed</h3>${diffs}` : ''}
${notes ? `<ul class="notes">${notes}</ul>` : ''}
${tokens ? `<details><summary>Result token checks</summary>${tokens}</details>` : ''}
${shots ? `<h3>Screens, in order</h3><div class="screens">${shots}</div>` : ''}
${rows ? `<details ${r.status !== 'passed' ? 'open' : ''}><summary>Timeline: host messages, webhook events, audit reads, kit steps</summary><table class="timeline">${rows}</table></details>` : ''}
</section>`;
  };
  const summary = run.results.map((r) => `<tr class="${h(r.status)}"><td><a href="#${h(r.id)}">${h(r.id)}</a></td><td>${h(r.expected)}</td><td>${h(r.status === 'skipped' ? `skipped: ${r.reason}` : r.got)}</td><td>${r.seconds.toFixed(1)}</td><td>${STATUS_WORD[r.status]}</td></tr>`).join('');
  const target = Object.entries(run.target ?? {}).map(([k, v]) => `<li>${h(k)}: <code>${h(v)}</code></li>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>idv-qa report: ${c.passed}/${c.total} passed</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:1200px}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
tr.passed td:last-child{color:#11692b}tr.failed td:last-child,tr.error td:last-child{color:#a4000f;font-weight:bold}
section.scenario{border-top:2px solid #ddd;margin-top:2rem}.badge{display:inline-block;padding:0 .4rem;border-radius:4px;color:#fff;background:#11692b}
.failed .badge,.error .badge{background:#a4000f}.skipped .badge{background:#666}
table.diffs td{background:#fff2f2}.screens{display:flex;flex-wrap:wrap;gap:.75rem}
figure{margin:0;width:220px}figure img{width:220px;border:1px solid #ccc}figcaption{font-size:13px}
tr.webhook td{background:#eef6ff}tr.audit td{background:#f4f4f4}tr.kit td{color:#555}
.checks li.ok{color:#11692b}.checks li.bad{color:#a4000f}
</style></head><body>
<h1>idv-qa: ${c.passed} of ${c.total} scenarios passed</h1>
<p>${c.failed} failed, ${c.error} errors, ${c.skipped} skipped; ${run.seconds.toFixed(1)} s; started ${h(new Date(run.started).toISOString())}.</p>
${target ? `<ul>${target}</ul>` : ''}
<table><tr><th>scenario</th><th>expected</th><th>got</th><th>seconds</th><th>result</th></tr>${summary}</table>
${run.results.map(section).join('\n')}
</body></html>
`;
}
