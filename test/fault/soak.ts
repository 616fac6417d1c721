/**
 * `npm run test:soak [-- SECONDS [CLIENTS]]`: the long version of
 * many-clients.test.ts against the built daemon; prints one JSON line to
 * paste into README.md ("Running as a service" → soak results).
 */
import { readFileSync } from 'node:fs';
import { startDaemon, tempDir } from '../helpers/daemon-process.js';
import { runManyClients } from './many-clients.js';

const seconds = Number(process.argv[2] ?? 60);
const clients = Number(process.argv[3] ?? 32);
const teardowns: Array<() => unknown> = [];
const dir = tempDir({ teardown: (fn) => teardowns.push(fn) });
const daemon = await startDaemon(dir, ['--log-level', 'info']);
const rss = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${daemon.child.pid}/status`, 'utf8'))![1]);
const rssBefore = rss();
const r = await runManyClients(daemon.socket, clients, seconds);
const rssAfter = rss();
await daemon.stop();
for (const f of teardowns) f();
const total = r.framesPerClient.reduce((a, b) => a + b, 0);
const ok = r.errors.length === 0 && r.wrongTiles.length === 0 && Math.min(...r.framesPerClient) > 0;
console.log(JSON.stringify({
  ok, clients, seconds: Number(r.seconds.toFixed(1)), frames: total, framesPerSecond: Math.round(total / r.seconds),
  minPerClient: Math.min(...r.framesPerClient), latencyMs: Object.fromEntries(Object.entries(r.latencyMs).map(([k, v]) => [k, Number(v.toFixed(1))])),
  rssKb: { before: rssBefore, after: rssAfter }, errors: r.errors.slice(0, 5), wrongTiles: r.wrongTiles,
}));
process.exitCode = ok ? 0 : 1;
