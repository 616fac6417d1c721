import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ROOT } from '../helpers/daemon-process.js';

// Issue 13: the folders of daemon/ form layers. Each folder's README says
// what it may import; the imports in its files must keep to that, and the
// folder graph must have no cycle (a cycle is printed, folder by folder).

const DAEMON = join(ROOT, 'daemon');
const folders = readdirSync(DAEMON).filter((f) => statSync(join(DAEMON, f)).isDirectory());

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : f.endsWith('.ts') ? [p] : [];
  });
}

/** Folder → folders (or `protocol`) it imports, with one file:line per edge as evidence. */
function importGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const folder of folders) {
    const edges = new Map<string, string>();
    for (const file of tsFiles(join(DAEMON, folder))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        const m = /(?:from|import)\s*\(?\s*'(\.[^']+)'/.exec(line);
        if (!m) return;
        const target = relative(ROOT, normalize(join(dirname(file), m[1]))).split('/');
        const to = target[0] === 'daemon' ? (target.length > 2 ? target[1] : '(daemon root)') : target[0];
        if (to !== folder && !edges.has(to)) edges.set(to, `${relative(ROOT, file)}:${i + 1}`);
      });
    }
    graph.set(folder, edges);
  }
  return graph;
}

/** The "May import:" line of a folder's README. */
function allowed(folder: string): Set<string> | 'all' {
  const readme = readFileSync(join(DAEMON, folder, 'README.md'), 'utf8');
  const m = /^May import: (.+)$/m.exec(readme);
  if (!m) throw new Error(`daemon/${folder}/README.md has no "May import:" line`);
  if (/every folder of daemon\//.test(m[1])) return 'all';
  return new Set([...m[1].matchAll(/([a-z-]+)\//g)].map((x) => x[1]));
}

function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'open');
    path.push(n);
    for (const next of graph.get(n)?.keys() ?? []) {
      if (!graph.has(next)) continue;
      const c = visit(next);
      if (c) return c;
    }
    path.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

t.test('no import cycle between the folders of daemon/', async (t) => {
  const graph = importGraph();
  const cycle = findCycle(graph);
  t.equal(cycle && cycle.map((f, i) => (i + 1 < cycle.length ? `${f} (${graph.get(f)!.get(cycle[i + 1])})` : f)).join(' → '), null, 'no cycle');
});

t.test('each folder imports only what its README allows', async (t) => {
  const graph = importGraph();
  for (const folder of folders) {
    const may = allowed(folder);
    if (may === 'all') continue;
    for (const [to, where] of graph.get(folder)!) {
      t.ok(may.has(to), `${folder}/ → ${to}/ is allowed (${where})`);
    }
  }
});

t.test('only boot/ sees the whole config', async (t) => {
  for (const folder of folders.filter((f) => f !== 'boot')) {
    for (const file of tsFiles(join(DAEMON, folder))) {
      t.notOk(/\bDaemonConfig\b/.test(readFileSync(file, 'utf8')), `${relative(ROOT, file)} does not use DaemonConfig`);
    }
  }
});

t.test('the checker sees a cycle when there is one', async (t) => {
  const g = new Map([['a', new Map([['b', 'x:1']])], ['b', new Map([['a', 'y:2']])]]);
  t.same(findCycle(g), ['a', 'b', 'a']);
});
