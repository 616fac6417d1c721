/**
 * `npm run bench [-- --json] [-- NAME…]`: run the scenarios, print each
 * figure, and with --json end with one JSON line holding them all.
 */
const SCENARIOS = ['prep', 'wire-clock', 'wire-scattered', 'bus-utilisation', 'e2e-latency', 'zero-copy', 'idle-cpu'] as const;

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));
const all: Record<string, number | string> = {};
for (const name of SCENARIOS) {
  if (only.length && !only.includes(name)) continue;
  const mod = (await import(`./${name}.js`)) as { run: () => Promise<Record<string, number | string>> | Record<string, number | string> };
  const result = await mod.run();
  for (const [k, v] of Object.entries(result)) console.log(`${name.padEnd(18)} ${k.padEnd(28)} ${v}`);
  Object.assign(all, result);
}
all.machine = `${process.platform}-${process.arch}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`;
if (json) console.log(JSON.stringify(all));
