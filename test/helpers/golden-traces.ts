/**
 * Golden DBI traces: what the daemon sends to every preset at every rotation
 * for one fixed frame sequence, summarised in test/fixtures/golden-traces.json
 * so a restructuring of daemon/ can prove it changed no byte by accident
 * (issue 13). test/daemon/golden-traces.test.ts compares against it.
 *
 *   npx tsx test/helpers/golden-traces.ts           compare, print what changed
 *   npx tsx test/helpers/golden-traces.ts --write   record the fixture again
 *
 * Each run starts the real daemon in-process (startDaemon with `--bus sim
 * --trace`, no child per daemon) and drives it through the client SDK over
 * its socket, so only the flags and the wire protocol tie this to the
 * daemon's insides. The fixture keeps, per run, the trace's sha256 (the
 * byte-for-byte check) and one short line per record (to show where a
 * changed trace first differs).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { connect } from '../../client/connect.js';
import type { Display } from '../../client/display.js';
import { parseDaemonArgs } from '../../daemon/boot/config-load.js';
import type { DaemonConfig } from '../../daemon/boot/config-keys.js';
import { startDaemon } from '../../daemon/boot/daemon.js';
import { PANEL_PRESETS } from '../../daemon/panel/presets/index.js';
import { parseDbiTrace } from '../../daemon/sim/dbi-trace.js';
import { prng } from './prng.js';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SCRIPT), '../..');
export const FIXTURE = join(ROOT, 'test/fixtures/golden-traces.json');
export const ROTATIONS = [0, 90, 180, 270] as const;

/** One trace, small enough to keep for every run and precise enough to point at the first change. */
export interface TraceSummary {
  sha256: string;
  bytes: number;
  /** Per step of STEPS, the number of records written by its end. */
  steps: number[];
  /** Per record: `c 2a` / `d 00 ef` (bytes in hex, up to 16), `d 153600B 1a2b3c4d` (length, sha1 prefix), `r`. */
  records: string[];
}

export interface GoldenFixture {
  about: { what: string; steps: string[] };
  traces: Record<string, TraceSummary>;
}

export function runName(panel: string, rotation: number): string {
  return `${panel}@${rotation}`;
}

export function allRuns(): Array<{ panel: string; rotation: number }> {
  return Object.keys(PANEL_PRESETS).flatMap((panel) => ROTATIONS.map((rotation) => ({ panel, rotation })));
}

/**
 * The daemon as spifbd would start it with these flags. When the
 * composition root moves (issue 13), this is the one call to follow.
 */
async function startTracedDaemon(dir: string, flags: string[]): Promise<{ socket: string; close(): Promise<void> }> {
  const config = parseDaemonArgs(['--socket', join(dir, 'fb.sock'), '--bus', 'sim', ...flags], {}) as DaemonConfig;
  // No last-frame file: a restored frame would make the trace depend on the machine.
  const daemon = await startDaemon(config, pino({ level: 'silent' }), { env: {} });
  return { socket: daemon.socketPath, close: () => daemon.close() };
}

/** Deterministic rgb565 bytes: the same on every machine and run. */
function noise(seed: number, length: number): Uint8Array {
  const rand = prng(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

type Rect = { x: number; y: number; w: number; h: number };

async function presentAndWait(fb: Display, damage?: Rect[]): Promise<void> {
  const seq = await fb.present(damage);
  await fb.waitFrame(seq);
}

/**
 * The fixed sequence, after the daemon's own panel init. Each step ends with
 * a frame and waits for it, so nothing depends on timing: a power request is
 * ordered by the frame after it, which waits for the power work.
 */
export const STEPS: Array<[name: string, run: (fb: Display) => Promise<void>]> = [
  ['init and a full frame', async (fb) => {
    await fb.blit({ x: 0, y: 0, w: fb.width, h: fb.height }, 'rgb565', noise(13, fb.width * fb.height * 2));
    await presentAndWait(fb);
  }],
  ['a small rect', async (fb) => {
    await fb.fill(0xff0000, { x: 3, y: 5, w: 7, h: 4 });
    await presentAndWait(fb);
  }],
  ['two separated rects in one present', async (fb) => {
    const corners = [{ x: 1, y: 1, w: 5, h: 5 }, { x: fb.width - 9, y: fb.height - 7, w: 6, h: 4 }];
    await fb.fill(0x00ff00, corners[0]);
    await fb.fill(0x0000ff, corners[1]);
    await presentAndWait(fb, corners);
  }],
  ['a full-width band', async (fb) => {
    const band = { x: 0, y: Math.floor(fb.height / 3), w: fb.width, h: 10 };
    await fb.blit(band, 'rgb565', noise(14, band.w * band.h * 2));
    await presentAndWait(fb);
  }],
  ['blank, then a frame into the sleeping panel', async (fb) => {
    await fb.blank(true);
    await fb.fill(0xffffff, { x: 10, y: 10, w: 20, h: 2 });
    await presentAndWait(fb);
  }],
  ['unblank, then a frame', async (fb) => {
    await fb.blank(false);
    await fb.fill(0x123456, { x: 0, y: fb.height - 1, w: fb.width, h: 1 });
    await presentAndWait(fb);
  }],
  ['backlight 40, then a frame', async (fb) => {
    await fb.backlight(40);
    await fb.fill(0x654321, { x: 2, y: 2, w: 1, h: 1 });
    await presentAndWait(fb);
  }],
];

export interface RecordedTrace {
  trace: Uint8Array;
  /** Trace bytes written when each step had finished (the daemon flushes the trace every frame). */
  stepEnds: number[];
}

/** Run the sequence on one preset at one rotation. */
export async function recordTrace(panel: string, rotation: number): Promise<RecordedTrace> {
  const dir = mkdtempSync(join(tmpdir(), 'spifb-golden-'));
  try {
    const file = join(dir, 'wire.dbi');
    const stepEnds: number[] = [];
    const daemon = await startTracedDaemon(dir, ['--panel', panel, '--rotation', String(rotation), '--trace', file]);
    try {
      const fb = await connect({ socket: daemon.socket });
      try {
        for (const [, run] of STEPS) {
          await run(fb);
          stepEnds.push(statSync(file).size);
        }
      } finally {
        fb.close();
      }
    } finally {
      await daemon.close();
    }
    return { trace: readFileSync(file), stepEnds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
const sha1Prefix = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex').slice(0, 8);

export function summarise({ trace, stepEnds }: RecordedTrace): TraceSummary {
  const parsed = parseDbiTrace(trace);
  const records = parsed.map(({ kind, bytes }) => {
    if (kind === 'reset') return 'r';
    const k = kind === 'command' ? 'c' : 'd';
    return bytes.length <= 16 ? `${k} ${hex(bytes)}`.trimEnd() : `${k} ${bytes.length}B ${sha1Prefix(bytes)}`;
  });
  const ends = parsed.map(({ bytes }) => bytes.byteOffset - trace.byteOffset + bytes.length);
  const steps = stepEnds.map((end) => ends.filter((e) => e <= end).length);
  return { sha256: createHash('sha256').update(trace).digest('hex'), bytes: trace.length, steps, records };
}

export interface TraceDifference {
  /** Bytes and records, expected → actual. */
  size: string;
  /** Index of the first record that differs; -1 when every summary matches (a collision of the short hashes). */
  record: number;
  /** The step of STEPS that record belongs to, in the expected trace. */
  step: string;
  /** The command record it follows, `#12 c 86`: where in the init or the frame it is. */
  after: string;
  expected: string;
  actual: string;
}

/** Where two traces part; null when they are the same. */
export function firstDifference(expected: TraceSummary, actual: TraceSummary): TraceDifference | null {
  if (expected.sha256 === actual.sha256) return null;
  const a = expected.records;
  const b = actual.records;
  const size = `${expected.bytes} → ${actual.bytes} bytes, ${a.length} → ${b.length} records`;
  let i = 0;
  while (i < Math.min(a.length, b.length) && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return { size, record: -1, step: '', after: '', expected: expected.sha256, actual: actual.sha256 };
  const step = expected.steps.findIndex((end) => end > i);
  let command = i - 1;
  while (command >= 0 && !a[command].startsWith('c ')) command--;
  return {
    size, record: i, step: step < 0 ? 'shutdown' : STEPS[step][0], after: command < 0 ? 'none' : `#${command} ${a[command]}`,
    expected: a[i] ?? '(trace ended)', actual: b[i] ?? '(trace ended)',
  };
}

export function formatDifference(d: TraceDifference): string {
  if (d.record < 0) return `${d.size}; every record summary matches, yet the sha256 differs`;
  return `${d.size}; first difference at record #${d.record}, in step "${d.step}", after command ${d.after}: ` +
    `expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`;
}

/**
 * Record every run. Two daemons in one process would share one shm buffer
 * file (daemon/memory/shm-buffer.ts names it by pid), so the runs are split
 * over a few worker processes, each running its share one after another.
 * A run mostly waits on the panel's timed delays (SLPOUT, unblank), so four
 * workers keep two cores busy.
 */
export async function recordAll(workers = 4): Promise<Record<string, TraceSummary>> {
  const shards = await Promise.all(Array.from({ length: workers }, (_, i) => runShard(i, workers)));
  const out: Record<string, TraceSummary> = Object.assign({}, ...shards);
  // Keyed in preset order whatever finished first, so the file is stable.
  return Object.fromEntries(allRuns().map(({ panel, rotation }) => [runName(panel, rotation), out[runName(panel, rotation)]]));
}

function runShard(index: number, count: number): Promise<Record<string, TraceSummary>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--shard', `${index}/${count}`],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(JSON.parse(stdout) as Record<string, TraceSummary>);
      else reject(new Error(`golden-traces shard ${index}/${count} exited with ${signal ?? code}: ${stderr}`));
    });
  });
}

/** A worker: record every `count`-th run from `index` on, print the summaries as JSON. */
async function shard(index: number, count: number): Promise<void> {
  const out: Record<string, TraceSummary> = {};
  for (const [i, { panel, rotation }] of allRuns().entries()) {
    if (i % count === index) out[runName(panel, rotation)] = summarise(await recordTrace(panel, rotation));
  }
  process.stdout.write(JSON.stringify(out));
}

export function readFixture(): GoldenFixture {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as GoldenFixture;
}

/** One record per line, so a regenerated fixture diffs readably in git. */
function formatFixture(traces: Record<string, TraceSummary>): string {
  const about = {
    what: 'DBI traces of every preset × rotation on the frame sequence of test/helpers/golden-traces.ts; regenerate with `npx tsx test/helpers/golden-traces.ts --write`',
    steps: STEPS.map(([name]) => name),
  };
  const runs = Object.entries(traces).map(([name, s]) =>
    `    ${JSON.stringify(name)}: {"sha256": "${s.sha256}", "bytes": ${s.bytes}, "steps": ${JSON.stringify(s.steps)}, "records": [\n` +
    s.records.map((r) => `      ${JSON.stringify(r)}`).join(',\n') + '\n    ]}');
  return `{\n  "about": ${JSON.stringify(about, null, 2).replace(/\n/g, '\n  ')},\n  "traces": {\n${runs.join(',\n')}\n  }\n}\n`;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--shard');
  if (at > 0) {
    const [index, count] = process.argv[at + 1].split('/').map(Number);
    return shard(index, count);
  }
  const started = performance.now();
  const traces = await recordAll();
  if (process.argv.includes('--write')) {
    writeFileSync(FIXTURE, formatFixture(traces));
    console.log(`wrote ${Object.keys(traces).length} traces in ${Math.round(performance.now() - started)} ms`);
    return;
  }
  const golden = readFixture().traces;
  const changes: string[] = [];
  for (const [name, actual] of Object.entries(traces)) {
    const d = golden[name] ? firstDifference(golden[name], actual) : null;
    if (!golden[name]) changes.push(`${name}: not in the fixture`);
    else if (d) changes.push(`${name}: ${formatDifference(d)}`);
  }
  for (const name of Object.keys(golden)) if (!traces[name]) changes.push(`${name}: in the fixture, no longer a preset`);
  console.log([...changes, changes.length ? `${changes.length} traces differ` : 'every trace matches'].join('\n'));
  process.exitCode = changes.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === SCRIPT) await main();
