// Reads a scenario file (JSON) into a plan: each scenario with the defaults filled in and its
// pictures resolved to files. Unknown keys are refused with their path, so a typo in a scenario
// is an error, never a silently ignored expectation.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SCENARIO_KEYS = new Set([
  'id', 'title', 'tags', 'patient', 'trigger', 'locale', 'document', 'pictures', 'camera', 'session',
  'iframe_allow_camera', 'open_after_expiry', 'gateway', 'host_page_query', 'needs', 'steps', 'expect',
]);
const EXPECT_KEYS = new Set([
  'outcome', 'reason_code', 'cause_code', 'error', 'completes', 'steps', 'patient', 'token_claims',
  'audit_events', 'mode',
]);
const OUTCOMES = new Set(['PASS', 'FAIL', 'ERROR', 'DECLINED', 'CANCELLED', 'CAMERA_PROBLEM', 'HOST_ERROR', 'NOT_LAUNCHED']);
export const STEPS = new Set([
  'consent', 'decline', 'choose', 'capture_all', 'capture', 'use', 'retake', 'use_anyway', 'wait_result',
  'try_again', 'continue_on_phone', 'desktop', 'wait_problem', 'wait_launch_error', 'host_cancel',
]);

/** `fixture:NAME` is a file of the repository's e2e/fixtures (or --fixtures); anything else a path from the scenario file. */
export function resolvePicture(ref, { fixturesDir, baseDir }) {
  const file = ref.startsWith('fixture:') ? path.join(fixturesDir, ref.slice('fixture:'.length)) : path.resolve(baseDir, ref);
  if (!existsSync(file)) throw new Error(`picture ${ref}: no file ${file}${ref.startsWith('fixture:') ? ' (make them with: cargo run -p fixtures --bin make-fixtures -- e2e/fixtures)' : ''}`);
  return file;
}

export function normaliseStep(step, where) {
  const s = typeof step === 'string' ? { do: step } : { ...step };
  if (!s.do || !STEPS.has(s.do)) throw new Error(`${where}: unknown step ${JSON.stringify(step)} (steps: ${[...STEPS].join(', ')})`);
  return s;
}

/** A plan from the parsed file; pure apart from checking that pictures exist. */
export function buildPlan(data, { fixturesDir, baseDir, only = null, tags = null }) {
  if (!data || !Array.isArray(data.scenarios)) throw new Error('a scenario file has "scenarios": [ … ]');
  const d = data.defaults ?? {};
  const ids = new Set();
  const scenarios = [];
  for (const [i, raw] of data.scenarios.entries()) {
    const where = `scenarios[${i}]${raw?.id ? ` (${raw.id})` : ''}`;
    for (const key of Object.keys(raw)) if (!SCENARIO_KEYS.has(key)) throw new Error(`${where}: unknown key "${key}"`);
    if (!raw.id || !/^[\w-]+$/.test(raw.id)) throw new Error(`${where}: "id" (letters, digits, - and _) is required`);
    if (ids.has(raw.id)) throw new Error(`${where}: id "${raw.id}" used twice`);
    ids.add(raw.id);
    const expect = raw.expect ?? {};
    for (const key of Object.keys(expect)) if (!EXPECT_KEYS.has(key)) throw new Error(`${where}.expect: unknown key "${key}"`);
    if (!OUTCOMES.has(expect.outcome)) throw new Error(`${where}.expect.outcome: one of ${[...OUTCOMES].join(', ')}`);
    const pictures = { ...(d.pictures ?? {}), ...(raw.pictures ?? {}) };
    const resolved = {};
    for (const [side, ref] of Object.entries(pictures)) resolved[side] = resolvePicture(ref, { fixturesDir, baseDir });
    const steps = (raw.steps ?? d.steps ?? ['consent', 'choose', 'capture_all', 'wait_result'])
      .map((s, j) => normaliseStep(s, `${where}.steps[${j}]`));
    scenarios.push({
      id: raw.id,
      title: raw.title ?? raw.id,
      tags: raw.tags ?? [],
      patient: { ...(d.patient ?? {}), ...(raw.patient ?? {}) },
      trigger: raw.trigger ?? d.trigger ?? 'signup',
      locale: raw.locale ?? d.locale ?? 'en',
      document: raw.document ?? d.document ?? 'drivers_license',
      pictures: resolved,
      camera: raw.camera ?? 'scene',
      session: raw.session ?? {},
      iframeAllowCamera: raw.iframe_allow_camera ?? true,
      openAfterExpiry: raw.open_after_expiry ?? false,
      gateway: raw.gateway ?? 'main',
      hostPageQuery: raw.host_page_query ?? null,
      needs: raw.needs ?? [],
      steps,
      expect,
    });
    if (!['scene', 'denied'].includes(scenarios.at(-1).camera)) throw new Error(`${where}.camera: "scene" or "denied"`);
  }
  const wanted = (s) => (!only || only.includes(s.id)) && (!tags || tags.some((t) => s.tags.includes(t)));
  const unknown = (only ?? []).filter((id) => !ids.has(id));
  if (unknown.length) throw new Error(`--only: no scenario ${unknown.join(', ')}`);
  return { scenarios: scenarios.filter(wanted) };
}

export function loadPlan(file, options) {
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e.message}`);
  }
  return buildPlan(data, { ...options, baseDir: path.dirname(path.resolve(file)) });
}
