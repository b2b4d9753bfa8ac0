// Reads a V8 CPU profile (node --cpu-prof) and says where the time went: self time per function, and per "owner"
// (our source file, a dependency, Node internals, GC, idle), mapping the bundle back to sources through its map.
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';

/** Source maps of bundles, by file URL or path, loaded once. */
const maps = new Map();
function sourceMapFor(url) {
  if (!url.endsWith('.cjs') && !url.endsWith('.js')) return null;
  if (maps.has(url)) return maps.get(url);
  let map = null;
  try {
    const file = url.startsWith('file://') ? new URL(url).pathname : url;
    if (fs.existsSync(file + '.map')) map = new SourceMap(JSON.parse(fs.readFileSync(file + '.map', 'utf8')));
  } catch {
    map = null;
  }
  maps.set(url, map);
  return map;
}

/** Who owns a call frame: "src/core/…", a package name, "node internals", or V8's own categories. */
function ownerOf(frame, root) {
  const { url, functionName, lineNumber, columnNumber } = frame;
  if (!url) {
    if (functionName.startsWith('(')) return functionName; // (garbage collector), (idle), (program)
    return 'native (V8/C++)';
  }
  if (url.startsWith('node:')) return 'node internals';
  const map = sourceMapFor(url);
  let source = url.startsWith('file://') ? new URL(url).pathname : url;
  if (map) {
    const entry = map.findEntry(lineNumber, columnNumber);
    if (entry?.originalSource) source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : path.resolve(path.dirname(url.replace('file://', '')), entry.originalSource);
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1];
  return path.relative(root, source) || source;
}

/**
 * Summarises the newest .cpuprofile in `dir`: { totalMs, owners: [[owner, ms, pct]], functions: [[name, owner, ms, pct]] }.
 */
export function summariseProfile(dir, root, top = 12) {
  const file = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs)
    .pop();
  if (!file) return null;
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let total = 0;
  const owners = new Map();
  const functions = new Map();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    const owner = ownerOf(frame, root);
    const name = frame.functionName || '(anonymous)';
    total += us;
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const key = `${name}\u0000${owner}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const pct = (us) => Math.round((1000 * us) / total) / 10;
  return {
    file,
    totalMs: Math.round(total / 1000),
    owners: [...owners].sort((a, b) => b[1] - a[1]).slice(0, top).map(([o, us]) => [o, Math.round(us / 1000), pct(us)]),
    functions: [...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [...k.split('\u0000'), Math.round(us / 1000), pct(us)]),
  };
}

/** Two lines for a report: where the time goes by owner, and the hottest functions. */
export function describeProfile(summary) {
  if (!summary) return 'no profile written';
  const owners = summary.owners.map(([o, , p]) => `${o} ${p}%`).join(', ');
  const functions = summary.functions
    .filter(([name]) => !name.startsWith('('))
    .slice(0, 6)
    .map(([name, owner, , p]) => `${name} (${owner}) ${p}%`)
    .join(', ');
  return `by owner: ${owners}\n    hottest functions: ${functions}`;
}
