#!/usr/bin/env node
// The layering of src/, checked on every `npm test`:
//   - no import cycle between the folders of src/ (src/a imports src/b and src/b, directly or not, imports src/a);
//   - the folders that are shared with the CLI and unit-tested in plain Node never import `vscode`;
//   - no import cycle between the files of src/core (type-only imports included: a type cycle is a knot all the same).
// Prints one line per problem and exits 1 when there is any; prints the folder graph with --graph.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
/** Folders with no `vscode` import: the protocol core, and the models the CLI shares. */
const NO_VSCODE = ['core', 'sourceModel', 'requestFiles'];

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [file] : [];
  });
}

/** The top folder of src/ a file belongs to ('.' for files directly in src/). */
function folderOf(file) {
  const parts = relative(src, file).split(/[\\/]/);
  if (parts.length > 1) return parts[0];
  // `../core` names the folder (its index.ts); `../cli` next to `../cli.ts` is the file.
  return isDirectory(file) && !isFile(`${file}.ts`) ? parts[0] : '.';
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^.\w])(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** A relative import's file: spec.ts, or spec/index.ts. */
function resolveFile(from, spec) {
  const target = resolve(dirname(from), spec);
  if (isFile(`${target}.ts`)) return `${target}.ts`;
  if (isFile(join(target, 'index.ts'))) return join(target, 'index.ts');
  return undefined;
}

/** Folders whose files must not import each other in a cycle. */
const NO_FILE_CYCLES = ['core'];
const fileEdges = new Map(); // file → Set(file), inside NO_FILE_CYCLES folders

const edges = new Map(); // folder → Map(folder → example "file → spec")
const problems = [];
for (const file of sourceFiles(src)) {
  const text = readFileSync(file, 'utf8');
  const from = folderOf(file);
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    if (spec === 'vscode' && NO_VSCODE.includes(from)) {
      // `import type` is erased, but the rule is about the code's dependencies: no exceptions.
      problems.push(`src/${relative(src, file)} imports vscode, but src/${from} must run without VS Code`);
    }
    if (!spec.startsWith('.')) continue;
    if (NO_FILE_CYCLES.includes(from)) {
      const target = resolveFile(file, spec);
      if (target && folderOf(target) === from) {
        if (!fileEdges.has(file)) fileEdges.set(file, new Set());
        fileEdges.get(file).add(target);
      }
    }
    const to = folderOf(resolve(dirname(file), spec));
    if (to === from || to === '.') continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `src/${relative(src, file)} → ${spec}`);
  }
}

// Cycles between folders: depth-first search over the folder graph.
const state = new Map();
const stack = [];
const cycles = new Set();
function visit(folder) {
  state.set(folder, 'open');
  stack.push(folder);
  for (const next of edges.get(folder)?.keys() ?? []) {
    if (state.get(next) === 'open') {
      const cycle = [...stack.slice(stack.indexOf(next)), next];
      const key = [...cycle.slice(0, -1)].sort().join(',');
      if (!cycles.has(key)) {
        cycles.add(key);
        const steps = cycle.slice(0, -1).map((f, i) => `${f} → ${cycle[i + 1]} (${edges.get(f).get(cycle[i + 1])})`);
        problems.push(`folder cycle: ${steps.join('; ')}`);
      }
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(folder, 'done');
}
for (const folder of edges.keys()) if (!state.has(folder)) visit(folder);

// Cycles between the files of NO_FILE_CYCLES folders: the same search over the file graph.
const fileState = new Map();
const fileStack = [];
const fileCycles = new Set();
function visitFile(file) {
  fileState.set(file, 'open');
  fileStack.push(file);
  for (const next of fileEdges.get(file) ?? []) {
    if (fileState.get(next) === 'open') {
      const cycle = [...fileStack.slice(fileStack.indexOf(next)), next].map((f) => `src/${relative(src, f)}`);
      const key = [...cycle.slice(0, -1)].sort().join(',');
      if (!fileCycles.has(key)) {
        fileCycles.add(key);
        problems.push(`file cycle: ${cycle.join(' → ')}`);
      }
    } else if (!fileState.has(next)) visitFile(next);
  }
  fileStack.pop();
  fileState.set(file, 'done');
}
for (const file of fileEdges.keys()) if (!fileState.has(file)) visitFile(file);

if (process.argv.includes('--graph')) {
  for (const [from, tos] of [...edges].sort()) console.log(`${from} → ${[...tos.keys()].sort().join(', ')}`);
}
for (const problem of problems) console.log(problem);
const inCore = NO_FILE_CYCLES.map((f) => `src/${f}`).join(', ');
const noVscode = NO_VSCODE.map((f) => `src/${f}`).join(', ');
console.log(problems.length === 0 ? `layers: no folder cycle; no file cycle in ${inCore}; no vscode import in ${noVscode}` : `layers: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
