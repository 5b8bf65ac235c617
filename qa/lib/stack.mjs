// The local stack, from a checkout of the repository: the local 1Kosmos tenant, gateways (each
// with a fresh SQLite file in a temporary directory, on a free port) and, when asked, the demo
// host page. The same processes `scripts/demo.sh` and the e2e suite run.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until `url` answers 2xx (15 s), failing early when the process exits. */
export async function waitFor(url, child, name) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not start (${url})`);
}

function startProcess(name, command, args, { cwd, env, log }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, RUST_LOG: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.name = name;
  const forward = (chunk) => log?.(`[${name}] ${chunk.toString().trimEnd()}`);
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  return child;
}

/**
 * The demo configuration with top-level `settings` replaced (e.g. `{ session_ttl_secs: 8 }`),
 * written into `dir`; its path.
 */
function gatewayConfig(repo, dir, name, settings) {
  let text = readFileSync(path.join(repo, 'config/gateway.toml'), 'utf8');
  for (const [key, value] of Object.entries(settings)) {
    const line = `${key} = ${JSON.stringify(value)}`;
    const existing = new RegExp(`^${key} = .*$`, 'm');
    text = existing.test(text) ? text.replace(existing, line) : `${line}\n${text}`;
  }
  const file = path.join(dir, `${name}.toml`);
  writeFileSync(file, text);
  return file;
}

/**
 * A stack of processes on loopback. `repo`: the checkout (config/, dist/, the binaries);
 * `binDir`: where `gateway` and `kosmos-tenant` are; `widgetDir`: the built widget.
 */
export class LocalStack {
  constructor({ repo, binDir, widgetDir, log = null }) {
    this.repo = repo;
    this.binDir = binDir;
    this.widgetDir = widgetDir;
    this.log = log;
    this.children = [];
    this.dir = mkdtempSync(path.join(tmpdir(), 'idv-qa-'));
    for (const bin of ['gateway', 'kosmos-tenant']) {
      if (!existsSync(path.join(binDir, bin))) {
        throw new Error(`no ${bin} in ${binDir}: build it (cargo build -p gateway -p kosmos-tenant) or pass --bin-dir`);
      }
    }
    if (!existsSync(path.join(widgetDir, 'index.html'))) {
      throw new Error(`no built widget in ${widgetDir}: run scripts/build.sh or pass --widget-dir`);
    }
  }

  async #spawn(name, command, args, env, readyUrl) {
    const child = startProcess(name, command, args, { cwd: this.repo, env, log: this.log });
    this.children.push(child);
    await waitFor(readyUrl, child, name);
    return child;
  }

  async startTenant() {
    const port = await freePort();
    await this.#spawn('tenant', path.join(this.binDir, 'kosmos-tenant'), [], {
      KOSMOS_TENANT_ADDR: `127.0.0.1:${port}`,
    }, `http://127.0.0.1:${port}/caas/sd`);
    this.tenantUrl = `http://127.0.0.1:${port}`;
    return this.tenantUrl;
  }

  /**
   * A gateway in dev mode (the demo keys and http:// URLs) on a free port with a fresh SQLite
   * file. `settings`: top-level configuration replaced (session_ttl_secs, …).
   */
  async startGateway({ name = 'gateway', port = null, allowedOrigins, webhookUrl, webhookSecret, clientId, clientSecret, settings = {} }) {
    port ??= await freePort();
    const url = `http://localhost:${port}`;
    const env = {
      GATEWAY_LISTEN: `127.0.0.1:${port}`,
      GATEWAY_PUBLIC_URL: url,
      GATEWAY_DATABASE_URL: `sqlite://${path.join(this.dir, `${name}.db`)}`,
      GATEWAY_WIDGET_DIR: this.widgetDir,
      GATEWAY_ALLOWED_HOST_ORIGINS: allowedOrigins.join(','),
      KOSMOS_TENANT_DNS: this.tenantUrl,
      EPIC_WEBHOOK_URL: webhookUrl,
      // The demo keys, secrets and http:// URLs are refused outside dev mode.
      // /metrics on a port of its own (several gateways may run at once).
      GATEWAY_METRICS_LISTEN: '127.0.0.1:0',
      GATEWAY_DEV_MODE: '1',
    };
    if (webhookSecret) env.EPIC_WEBHOOK_SECRET = webhookSecret;
    if (clientId) env.GATEWAY_CLIENT_ID = clientId;
    if (clientSecret) env.GATEWAY_CLIENT_SECRET = clientSecret;
    const config = gatewayConfig(this.repo, this.dir, name, settings);
    await this.#spawn(name, path.join(this.binDir, 'gateway'), [config], env, `http://127.0.0.1:${port}/healthz`);
    return url;
  }

  /** The demo MyChart page (e2e/demo-host) in front of `gatewayUrl`; its origin. */
  async startDemoHost({ port = null, gatewayUrl, clientId, clientSecret, webhookSecret }) {
    port ??= await freePort();
    const origin = `http://127.0.0.1:${port}`;
    await this.#spawn('demo-host', process.execPath, [path.join(this.repo, 'e2e/demo-host/server.mjs')], {
      HOST_PORT: String(port),
      GATEWAY_URL: gatewayUrl,
      ...(clientId ? { GATEWAY_CLIENT_ID: clientId } : {}),
      ...(clientSecret ? { GATEWAY_CLIENT_SECRET: clientSecret } : {}),
      ...(webhookSecret ? { EPIC_WEBHOOK_SECRET: webhookSecret } : {}),
    }, `${origin}/`);
    return origin;
  }

  async stop() {
    await Promise.all(this.children.map((c) => new Promise((resolve) => {
      if (c.exitCode !== null) return resolve();
      c.once('exit', resolve);
      c.kill('SIGTERM');
    })));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The demo configuration's client and webhook secret (config/gateway.toml). */
export const DEMO = {
  clientId: 'mychart-demo',
  clientSecret: 'demo-secret-change-me',
  webhookSecret: 'whsec_ZGVtby13ZWJob29rLXNlY3JldC1jaGFuZ2UtbWUtMDA=',
};
