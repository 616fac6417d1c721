import t from 'tap';
import type tap from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDaemonArgs } from '../../../daemon/boot/config-load.js';
import type { DaemonConfig } from '../../../daemon/boot/config-keys.js';
import { defaultSocketPath } from '../../../protocol/socket-path.js';
import { ROOT } from '../../helpers/daemon-process.js';
import { daemonAccess, type DaemonAccess } from './daemon-access.js';
import { readInstalledService, type ServiceSandbox } from './unit-file.js';

// The installed unit tested for what it lets the daemon do, not for its
// exposure score: each node a shipped config opens must be matched by a
// DeviceAllow= entry, each file it writes must be writable, each file it
// reads visible.

/**
 * Device node → the name its driver registers its major under, the name that
 * shows in /proc/devices and that DeviceAllow=char-NAME matches (not the
 * node's own name: spidev's nodes are /dev/spidevB.C, its major is "spi").
 */
const REGISTERED: Array<{ node: RegExp; example: string; name: string; source: string }> = [
  {
    node: /^\/dev\/spidev\d+\.\d+$/, example: '/dev/spidev0.0', name: 'spi',
    source: 'drivers/spi/spidev.c spidev_init(): register_chrdev(SPIDEV_MAJOR, "spi", &spidev_fops)',
  },
  {
    node: /^\/dev\/gpiochip\d+$/, example: '/dev/gpiochip0', name: 'gpiochip',
    source: 'drivers/gpio/gpiolib.c gpiolib_dev_init(): alloc_chrdev_region(&gpio_devt, 0, GPIO_DEV_MAX, GPIOCHIP_NAME); gpiolib.h: GPIOCHIP_NAME "gpiochip"',
  },
  {
    node: /^\/dev\/udmabuf\d+$/, example: '/dev/udmabuf0', name: 'u-dma-buf',
    source: 'ikwzm/udmabuf u-dma-buf.c u_dma_buf_init(): alloc_chrdev_region(&udmabuf_device_number, 0, DEVICE_MAX_NUM, DRIVER_NAME); DRIVER_NAME "u-dma-buf"',
  },
  {
    node: /^\/dev\/udmabuf$/, example: '/dev/udmabuf', name: 'misc',
    source: 'drivers/dma-buf/udmabuf.c: misc_register(&udmabuf_misc); drivers/char/misc.c misc_init(): register_chrdev(MISC_MAJOR, "misc", &misc_fops)',
  },
  {
    node: /^\/dev\/gpiomem$/, example: '/dev/gpiomem', name: 'bcm2835-gpiomem',
    source: 'raspberrypi/linux drivers/char/broadcom/bcm2835-gpiomem.c bcm2835_gpiomem_probe(): alloc_chrdev_region(&bcm2835_gpiomem_devid, DEVICE_MINOR, 1, DEVICE_NAME); DEVICE_NAME "bcm2835-gpiomem"',
  },
  {
    node: /^\/dev\/mem$/, example: '/dev/mem', name: 'mem',
    source: 'drivers/char/mem.c chr_dev_init(): register_chrdev(MEM_MAJOR, "mem", &memory_fops); open_port() also wants CAP_SYS_RAWIO',
  },
];

function registered(node: string): (typeof REGISTERED)[number] {
  const row = REGISTERED.find((r) => r.node.test(node));
  if (!row) throw new Error(`${node}: no row in REGISTERED says which name its driver registers`);
  return row;
}

const EXAMPLES = [
  join(ROOT, 'systemd/fb0.example.json'),
  ...readdirSync(join(ROOT, 'systemd/examples')).filter((f) => f.endsWith('.json')).sort().map((f) => join(ROOT, 'systemd/examples', f)),
];

/** The config as the daemon under the unit would resolve it, and what it then touches. */
function underUnit(sandbox: ServiceSandbox, file: string, extraFlags: string[] = []): { config: DaemonConfig; access: DaemonAccess } {
  const config = parseDaemonArgs(['--config', file, ...extraFlags], {}) as DaemonConfig;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { socket?: string };
  // protocol/socket-path.ts: /run/spifb/fb0.sock when the daemon may create it there.
  const ownSocket = raw.socket ?? defaultSocketPath({}, sandbox.access('/run/spifb') === 'rw', '/tmp');
  const configFile = /--config (\S+)/.exec(sandbox.last('ExecStart') ?? '')?.[1] ?? file;
  const runtimeDirectory = sandbox.ownDirectories().filter((d) => d.startsWith('/run/')).join(':') || undefined;
  return { config, access: daemonAccess(config, { configFile, runtimeDirectory, ownSocket }) };
}

function checkDevices(t: Pick<typeof tap, 'ok'>, sandbox: ServiceSandbox, label: string, access: DaemonAccess): void {
  for (const { path, why } of access.devices) {
    const row = registered(path);
    const by = sandbox.allowingDevice(path, row.name);
    t.ok(by.length > 0, `${label}: ${path} (${why}) is allowed; its driver registers "${row.name}" (${row.source})`, { allowedBy: by });
  }
}

function checkFiles(t: Pick<typeof tap, 'equal' | 'not'>, sandbox: ServiceSandbox, label: string, access: DaemonAccess): void {
  for (const { path, why } of access.writes) t.equal(sandbox.access(path), 'rw', `${label}: writes ${path} (${why})`);
  for (const { path, why } of access.reads) t.not(sandbox.access(path), 'hidden', `${label}: reads ${path} (${why})`);
}

t.test('the shipped examples are the ones checked here', async (t) => {
  t.ok(EXAMPLES.length >= 3, EXAMPLES.map((f) => f.slice(ROOT.length + 1)).join(', '));
});

t.test('every device node a shipped config opens is matched by a DeviceAllow= entry', async (t) => {
  const { sandbox } = readInstalledService(t);
  t.equal(sandbox.last('DevicePolicy'), 'closed', 'only the listed nodes (and /dev/null & co.)');
  for (const file of EXAMPLES) {
    const { access } = underUnit(sandbox, file);
    t.ok(access.devices.length > 0, `${file.slice(ROOT.length + 1)} opens hardware`);
    checkDevices(t, sandbox, file.slice(ROOT.length + 1), access);
  }
});

t.test('every buffer backend the daemon offers can open its device', async (t) => {
  const { sandbox } = readInstalledService(t);
  for (const buffer of ['shm', 'udmabuf:/dev/udmabuf0', 'udmabuf:/dev/udmabuf3', 'dmabuf', 'dmabuf:/dev/udmabuf']) {
    const { access } = underUnit(sandbox, EXAMPLES[0], ['--buffer', buffer]);
    checkDevices(t, sandbox, `buffer ${buffer}`, access);
    checkFiles(t, sandbox, `buffer ${buffer}`, access);
  }
});

t.test('every DeviceAllow= entry stands for a node the daemon opens (a stale name matches nothing)', async (t) => {
  const { sandbox } = readInstalledService(t);
  const opened = REGISTERED.filter((r) => r.name !== 'mem');
  for (const rule of sandbox.deviceRules) {
    const rows = opened.filter((r) => sandbox.allowingDevice(r.example, r.name).includes(rule.entry));
    t.ok(rows.length > 0, `DeviceAllow=${rule.entry} matches ${rows.map((r) => r.example).join(', ') || 'nothing'}`);
  }
  t.same(sandbox.allowingDevice('/dev/mem', 'mem'), [], '/dev/mem (gpio.devMem) stays closed: it needs CAP_SYS_RAWIO anyway');
  t.same(sandbox.allowingDevice('/dev/fuse', 'misc'), [], 'no other misc device: /dev/udmabuf is allowed by path, not char-misc');
});

t.test('every file a shipped config writes is writable, every file it reads visible', async (t) => {
  const { sandbox } = readInstalledService(t);
  for (const file of EXAMPLES) {
    const label = file.slice(ROOT.length + 1);
    checkFiles(t, sandbox, label, underUnit(sandbox, file).access);
  }
});

t.test('the rpio example reads the device tree through /proc', async (t) => {
  const { sandbox } = readInstalledService(t);
  const { access } = underUnit(sandbox, join(ROOT, 'systemd/examples/rpi-ili9341.json'));
  t.ok(access.reads.some((r) => r.path === '/proc/device-tree/model'), 'the model file is among the reads checked above');
  // drivers/of/base.c of_core_init(): proc_symlink("device-tree", NULL, "/sys/firmware/devicetree/base").
  t.not(sandbox.access('/proc/device-tree/model'), 'hidden', 'the link, in /proc\'s root: ProcSubset=pid would hide it');
  t.not(sandbox.access('/sys/firmware/devicetree/base/model'), 'hidden', 'and where it points');
});

t.test('the last frame lives in RuntimeDirectory=, the fallback socket where the socket unit puts it', async (t) => {
  const { sandbox, socketUnit } = readInstalledService(t);
  const { access } = underUnit(sandbox, EXAMPLES[0]);
  const lastFrame = access.writes.find((w) => w.why === 'lastFrameFile');
  t.ok(lastFrame && sandbox.ownDirectories().some((d) => lastFrame.path.startsWith(`${d}/`)), `last frame ${lastFrame?.path}`);
  const listen = socketUnit.get('Socket')?.get('ListenStream')?.at(-1);
  t.equal(access.writes[0].path, listen, 'for fb0, the socket the daemon would make is the one spifbd@fb0.socket makes');
});

t.test('README "Running as a service" lists every DeviceAllow= entry', async (t) => {
  const { sandbox } = readInstalledService(t);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Running as a service');
  t.ok(start >= 0, 'the section exists');
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  for (const rule of sandbox.deviceRules) {
    const spec = rule.entry.split(/\s+/)[0];
    const escaped = spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    t.match(section, new RegExp(`(?<![\\w/-])${escaped}(?![\\w-])`), `README names ${spec}`);
  }
});
