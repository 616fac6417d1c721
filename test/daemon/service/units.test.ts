import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDaemonArgs } from '../../../daemon/boot/config-load.js';
import { installUnits as install } from './unit-file.js';

// The shipped units, installed by the shipped script into a staging root,
// then checked by systemd's own tools (what they allow: unit-devices.test.ts).

const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const skip = hasAnalyze ? false : 'systemd-analyze is not installed (Debian: apt-get install systemd)';

t.test('install-service puts units and an example config into DESTDIR', async (t) => {
  const { root, units } = install(t);
  const service = readFileSync(join(units, 'spifbd@.service'), 'utf8');
  t.match(service, /^ExecStart=\S+ .*--config \/etc\/spifb\/%i\.json$/m);
  t.match(readFileSync(join(units, 'spifbd@.socket'), 'utf8'), /^SocketMode=0660$/m);
  const example = join(root, 'etc/spifb/fb0.json');
  t.match(parseDaemonArgs(['--config', example], { SPIFB_SOCKET: '/tmp/x' }), { bus: 'spidev', 'allow.groups': ['video'] },
    'the example config passes the daemon\'s own validation');
});

t.test('systemd-analyze verify accepts the units', { skip }, async (t) => {
  const { units } = install(t);
  const run = spawnSync('systemd-analyze', ['verify', 'spifbd@fb0.service', 'spifbd@fb0.socket'], { cwd: units, encoding: 'utf8' });
  t.equal(run.status, 0, run.stderr);
  // verify exits 0 on mere warnings (an unknown key is "ignoring"): no output at all is the bar.
  t.equal(run.stderr.trim(), '', 'no warnings');
});

t.test('systemd-analyze security: exposure at most 2.0', { skip }, async (t) => {
  const { units } = install(t);
  const run = spawnSync('systemd-analyze', ['security', '--offline=yes', '--no-pager', 'spifbd@fb0.service'], { cwd: units, encoding: 'utf8' });
  const m = /Overall exposure level for spifbd@fb0\.service: ([\d.]+)/.exec(run.stdout + run.stderr);
  t.ok(m, 'a score was printed');
  const score = Number(m![1]);
  t.ok(score <= 2.0, `exposure ${score} <= 2.0`);
  t.comment(`exposure ${score}`);
});
