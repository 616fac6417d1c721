import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDaemonArgs, usage } from '../../../daemon/boot/config-load.js';
import { tempDir } from '../../helpers/daemon-process.js';

const env = { SPIFB_SOCKET: '/tmp/x.sock' };

t.test('defaults', async (t) => {
  t.match(parseDaemonArgs([], env), {
    panel: 'ili9341', rotation: 0, bus: 'sim', socket: '/tmp/x.sock', demo: false, fps: 0, logLevel: 'info',
  });
});

t.test('flags are parsed to their types', async (t) => {
  const c = parseDaemonArgs(['--rotation', '270', '--fps', '30', '--demo', '--preview', '8080', '--socket', '/s'], env);
  t.match(c, { rotation: 270, fps: 30, demo: true, preview: 8080, socket: '/s' });
});

t.test('a config file, with flags winning', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'fb0.json');
  writeFileSync(file, JSON.stringify({ rotation: 90, fps: 25, logLevel: 'warn' }));
  t.match(parseDaemonArgs(['--config', file], env), { rotation: 90, fps: 25, logLevel: 'warn' });
  t.match(parseDaemonArgs(['--config', file, '--fps', '50'], env), { rotation: 90, fps: 50 });
});

t.test('bad config files name the key and what is allowed', async (t) => {
  const dir = tempDir(t);
  const cases: Array<[string, RegExp]> = [
    ['{"rotaton": 90}', /unknown key rotaton; allowed: panel, rotation/],
    ['{"rotation": 45}', /rotation must be one of 0, 90, 180, 270, got 45/],
    ['{"fps": "fast"}', /fps must be an integer 0\.\.1000/],
    ['{"demo": "yes"}', /demo must be true or false/],
    ['[1, 2]', /must be a JSON object/],
    ['{"rotation": ', /not valid JSON/],
  ];
  for (const [text, pattern] of cases) {
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    t.throws(() => parseDaemonArgs(['--config', file], env), { code: 'EBAD_CONFIG', message: pattern }, text);
  }
  t.throws(() => parseDaemonArgs(['--config', join(dir, 'missing.json')], env), { code: 'EBAD_CONFIG', message: /cannot read config/ });
  t.throws(() => parseDaemonArgs(['--bus', 'spidev', '--trace', 'x'], env), { code: 'EBAD_CONFIG', message: /trace needs bus sim/ });
  t.throws(() => parseDaemonArgs(['--what'], env), { code: 'EBAD_CONFIG' });
});

t.test('usage lists every flag', async (t) => {
  const text = usage();
  for (const flag of ['--panel', '--rotation', '--bus', '--socket', '--trace', '--preview', '--demo', '--fps', '--log-level', '--config']) {
    t.match(text, flag);
  }
});
