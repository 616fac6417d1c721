/**
 * The floor under every round-trip figure: a bare request/reply over a Unix
 * socket between two Node processes doing no work — the peer answers each
 * length-prefixed request frame (the protocol's framing) with a 16-byte
 * reply frame and nothing else. Measured in the same run as the figure it
 * bounds, with requests of that figure's size.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './harness.js';

const PEER = `
const net = require('node:net');
const reply = Buffer.alloc(20); reply.writeUInt32BE(16, 0);
net.createServer((s) => {
  let buf = Buffer.alloc(0);
  s.on('data', (d) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
      buf = buf.subarray(4 + buf.readUInt32BE(0));
      s.write(reply);
    }
  });
}).listen(process.argv[1], () => process.stdout.write('ready\\n'));
`;

export interface SocketFloor {
  roundTripsPerS: number;
  p50Ms: number;
  p99Ms: number;
}

/** Round trips of `requestBytes`-byte requests: rate over `ms`, then latency percentiles over `samples`. */
export async function socketFloor(requestBytes: number, samples = 3000, ms = 1000): Promise<SocketFloor> {
  const dir = mkdtempSync(join(tmpdir(), 'spifb-floor-'));
  const path = join(dir, 'floor.sock');
  const peer = spawn(process.execPath, ['-e', PEER, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => peer.stdout.once('data', () => resolve()));
  const socket = createConnection(path);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const request = Buffer.alloc(4 + requestBytes);
  request.writeUInt32BE(requestBytes, 0);
  let waiting: (() => void) | undefined;
  let got = 0;
  socket.on('data', (d) => {
    got += d.length;
    while (got >= 20) {
      got -= 20;
      waiting?.();
    }
  });
  const once = (): Promise<void> => new Promise((resolve) => {
    waiting = resolve;
    socket.write(request);
  });
  for (let i = 0; i < 200; i++) await once(); // warm up both sides
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) {
    await once();
    n++;
  }
  const roundTripsPerS = (n * 1000) / (performance.now() - t0);
  const lat: number[] = [];
  for (let i = 0; i < samples; i++) {
    const s = performance.now();
    await once();
    lat.push(performance.now() - s);
  }
  socket.destroy();
  peer.kill();
  await new Promise((r) => peer.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  return { roundTripsPerS, p50Ms: percentile(lat, 0.5), p99Ms: percentile(lat, 0.99) };
}
