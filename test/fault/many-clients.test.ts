import t from 'tap';
import { startDaemon, tempDir } from '../helpers/daemon-process.js';
import { runManyClients } from './many-clients.js';

// 32 clients drawing at once (the minute-long version is `npm run test:soak`).
t.test('32 clients draw at once: no deadlock, every frame arrives, latency bounded', async (t) => {
  const dir = tempDir(t);
  // 32 clients of one uid: above the default per-uid share (maxClients / 4), so raise it here.
  const daemon = await startDaemon(dir, ['--log-level', 'info', '--max-clients-per-uid', '64']);
  t.teardown(() => daemon.stop());
  const r = await runManyClients(daemon.socket, 32, 8);
  t.same(r.errors, [], 'no client met an error (a lost frame would be ETIMEOUT)');
  t.ok(Math.min(...r.framesPerClient) > 5, `every client got frames through (min ${Math.min(...r.framesPerClient)}, total ${r.framesPerClient.reduce((a, b) => a + b)})`);
  t.ok(r.latencyMs.max < 2000, `latency p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms, max ${r.latencyMs.max.toFixed(1)} ms`);
  t.same(r.wrongTiles, [], 'each tile shows its client\'s last colour');
  t.equal(daemon.child.exitCode, null);
});
