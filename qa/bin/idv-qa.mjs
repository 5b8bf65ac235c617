#!/usr/bin/env node
// idv-qa: the go-live test plan of the identity-verification widget, headless, against our local
// stack (no arguments) or any deployment (--gateway …). See qa/README.md.

import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Gateway } from '../lib/gateway.mjs';
import { loadPlan } from '../lib/plan.mjs';
import { htmlReport, jsonLog, junitXml, summaryTable, counts } from '../lib/report.mjs';
import { runPlan } from '../lib/run.mjs';
import { startKitServer } from '../lib/server.mjs';
import { DEMO, LocalStack } from '../lib/stack.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const kitDir = path.resolve(here, '..');

const HELP = `idv-qa: the go-live test plan, headless, against any deployment

  idv-qa                                  start the local stack (tenant, gateway) and run the plan
  idv-qa --gateway URL --client-id ID --client-secret SECRET [options]

Target
  --gateway URL            the deployment's gateway (its public URL: the result token's issuer)
  --client-id, --client-secret   the host's client credentials (HTTP Basic)
  --issuer URL             the result token's iss, if not the gateway URL
  --kit-host HOST:PORT     where the kit's own host page listens (default 127.0.0.1:0); the
                           gateway's allowed_host_origins must list http://HOST:PORT
  --host-page URL          drive this host page instead of the kit's own (e.g. staging MyChart)
  --host-field NAME=CSS    a form field of the host page (first_name, last_name, date_of_birth,
                           patient_ref, trigger, locale); repeatable. Default: the demo host's
  --host-submit CSS        the button that starts the verification (default button[type=submit])
  --host-iframe CSS        the widget's iframe (default #idv-widget)
  --host-verdict CSS       an element where the host page shows its backend's verdict on the
                           result token (demo host: #outcome); must name each PASS/FAIL
Webhook (one of)
  --webhook-receiver HOST:PORT   receive the Epic webhook here and check each signature
                           (the kit's own host page and receiver share this server)
  --webhook-secret SECRET  the webhook's shared secret (with --webhook-receiver)
  --webhook-log URL        a JSON array of the events the deployment's receiver accepted
Plan and reports
  --scenarios FILE         the scenario file (default qa/scenarios.json)
  --only ID,ID             run these scenarios only
  --tag TAG                run the scenarios with this tag only
  --report DIR             where the reports go (default ./idv-qa-report)
  --no-screenshots         do not take screenshots
  --max-expiry-wait SECS   longest wait for a session to expire (default 60)
Local stack (no --gateway)
  --repo DIR               the repository checkout (default: the one this kit is in)
  --bin-dir DIR            gateway and kosmos-tenant (default $IDV_SERVER_BIN_DIR or REPO/target/debug)
  --widget-dir DIR         the built widget (default REPO/dist)
  --fixtures DIR           the pictures fixture:NAME refers to (default REPO/e2e/fixtures)
  --chromium PATH          the Chromium binary (default $CHROMIUM or /usr/lib/chromium/chromium)
  --verbose                print the servers' logs

Exit code: 0 when every scenario that ran passed, 1 when one failed, 2 on a usage error.
Reports: summary.txt, junit.xml, report.html (with screens/), events.json in --report.`;

function hostPort(value, flag) {
  const m = /^([\w.-]+):(\d+)$/.exec(value ?? '');
  if (!m) throw new Error(`${flag}: HOST:PORT, e.g. 127.0.0.1:8099`);
  return { host: m[1], port: Number(m[2]) };
}

const DEMO_HOST_FIELDS = {
  first_name: 'input[name=first_name]',
  last_name: 'input[name=last_name]',
  date_of_birth: 'input[name=date_of_birth]',
  trigger: 'select[name=trigger]',
  locale: 'select[name=locale]',
};

async function main(argv) {
  let opts;
  try {
    ({ values: opts } = parseArgs({
      args: argv,
      options: {
        gateway: { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret': { type: 'string' },
        issuer: { type: 'string' }, 'kit-host': { type: 'string' },
        'host-page': { type: 'string' }, 'host-field': { type: 'string', multiple: true },
        'host-submit': { type: 'string' }, 'host-iframe': { type: 'string' }, 'host-verdict': { type: 'string' },
        'webhook-receiver': { type: 'string' }, 'webhook-secret': { type: 'string' }, 'webhook-log': { type: 'string' },
        scenarios: { type: 'string' }, only: { type: 'string' }, tag: { type: 'string' },
        report: { type: 'string' }, 'no-screenshots': { type: 'boolean' }, 'max-expiry-wait': { type: 'string' },
        repo: { type: 'string' }, 'bin-dir': { type: 'string' }, 'widget-dir': { type: 'string' },
        fixtures: { type: 'string' }, chromium: { type: 'string' }, verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`${e.message}\n\n${HELP}`);
    return 2;
  }
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  const remote = Boolean(opts.gateway);
  if (remote && !(opts['client-id'] && opts['client-secret'])) {
    console.error('--gateway needs --client-id and --client-secret');
    return 2;
  }
  if (opts['webhook-receiver'] && opts['webhook-log']) {
    console.error('--webhook-receiver or --webhook-log, not both');
    return 2;
  }
  const repo = path.resolve(opts.repo ?? path.join(kitDir, '..'));
  const reportDir = path.resolve(opts.report ?? 'idv-qa-report');
  const log = (line) => console.log(line);
  let plan;
  try {
    plan = loadPlan(opts.scenarios ?? path.join(kitDir, 'scenarios.json'), {
      fixturesDir: path.resolve(opts.fixtures ?? path.join(repo, 'e2e/fixtures')),
      only: opts.only ? opts.only.split(',').map((s) => s.trim()).filter(Boolean) : null,
      tags: opts.tag ? [opts.tag] : null,
    });
  } catch (e) {
    console.error(`scenario file: ${e.message}`);
    return 2;
  }

  // The kit's server: its own host page and (unless --webhook-log) the webhook receiver.
  const webhookRecords = [];
  const webhookSecret = opts['webhook-secret'] ?? (remote ? null : DEMO.webhookSecret);
  if (opts['webhook-receiver'] && !webhookSecret) {
    console.error('--webhook-receiver needs --webhook-secret');
    return 2;
  }
  const listen = opts['webhook-receiver'] ? hostPort(opts['webhook-receiver'], '--webhook-receiver')
    : opts['kit-host'] ? hostPort(opts['kit-host'], '--kit-host') : { host: '127.0.0.1', port: 0 };
  const kit = await startKitServer({ ...listen, webhookSecret, onWebhook: (r) => webhookRecords.push(r) });

  let stack = null;
  try {
    const gateways = {};
    let mainGateway;
    const clientId = opts['client-id'] ?? DEMO.clientId;
    const clientSecret = opts['client-secret'] ?? DEMO.clientSecret;
    if (remote) {
      mainGateway = new Gateway({ url: opts.gateway, clientId, clientSecret, issuer: opts.issuer });
    } else {
      stack = new LocalStack({
        repo,
        binDir: path.resolve(opts['bin-dir'] ?? process.env.IDV_SERVER_BIN_DIR ?? path.join(repo, 'target/debug')),
        widgetDir: path.resolve(opts['widget-dir'] ?? path.join(repo, 'dist')),
        log: opts.verbose ? log : null,
      });
      await stack.startTenant();
      const url = await stack.startGateway({ allowedOrigins: [kit.origin], webhookUrl: kit.webhookUrl });
      mainGateway = new Gateway({ url, clientId, clientSecret });
    }
    gateways.main = mainGateway;
    const gatewayFor = async (scenario) => {
      if (gateways[scenario.gateway]) return gateways[scenario.gateway];
      // A gateway whose sessions last seconds, for the expired-session scenario (local only;
      // against a deployment the kit waits for its own session_ttl_secs, see --max-expiry-wait).
      if (scenario.gateway === 'short_session') {
        if (remote) return mainGateway;
        const url = await stack.startGateway({ name: 'gateway-short-session', allowedOrigins: [kit.origin], webhookUrl: kit.webhookUrl, settings: { session_ttl_secs: 5 } });
        gateways.short_session = new Gateway({ url, clientId, clientSecret });
        return gateways.short_session;
      }
      return null;
    };
    const host = opts['host-page']
      ? {
        kind: 'page',
        url: opts['host-page'],
        fields: opts['host-field']
          ? Object.fromEntries(opts['host-field'].map((f) => { const i = f.indexOf('='); return [f.slice(0, i), f.slice(i + 1)]; }))
          : DEMO_HOST_FIELDS,
        submit: opts['host-submit'] ?? 'button[type=submit]',
        iframe: opts['host-iframe'] ?? '#idv-widget',
        verdict: opts['host-verdict'] ?? null,
      }
      : { kind: 'kit', origin: kit.origin };
    let webhook;
    if (opts['webhook-log']) {
      webhook = {
        mode: 'log',
        events: async () => {
          const r = await fetch(opts['webhook-log']);
          const list = await r.json();
          return list.map((event) => ({ received_at: Date.parse(event.received_at ?? '') || Date.now(), signature: 'checked by the receiver', event }));
        },
      };
    } else if (!remote || opts['webhook-receiver']) {
      webhook = { mode: 'receiver', events: async () => webhookRecords };
    } else {
      webhook = { mode: 'none', events: async () => [] };
    }
    const target = { gatewayFor, host, webhook, maxExpiryWaitSecs: Number(opts['max-expiry-wait'] ?? 60) };
    const described = {
      gateway: mainGateway.url,
      client_id: clientId,
      host_page: host.kind === 'kit' ? `${kit.origin} (the kit's own)` : host.url,
      webhook: webhook.mode === 'receiver' ? `received at ${kit.webhookUrl}` : webhook.mode === 'log' ? opts['webhook-log'] : 'not checked',
      scenarios: opts.scenarios ?? 'qa/scenarios.json',
    };
    log(`idv-qa: ${plan.scenarios.length} scenarios against ${described.gateway} (host page ${described.host_page}; webhook ${described.webhook})`);
    const run = await runPlan(plan, {
      target, reportDir, chromiumPath: opts.chromium, screenshots: !opts['no-screenshots'], log,
    });
    run.target = described;
    mkdirSync(reportDir, { recursive: true });
    const summary = summaryTable(run);
    writeFileSync(path.join(reportDir, 'summary.txt'), `${summary}\n`);
    writeFileSync(path.join(reportDir, 'junit.xml'), junitXml(run));
    writeFileSync(path.join(reportDir, 'report.html'), htmlReport(run));
    writeFileSync(path.join(reportDir, 'events.json'), jsonLog(run));
    console.log(`\n${summary}\n\nReports: ${path.join(reportDir, 'report.html')}, junit.xml, events.json`);
    const c = counts(run.results);
    return c.failed + c.error > 0 ? 1 : 0;
  } finally {
    await stack?.stop();
    await kit.close();
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  console.error(`idv-qa: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
