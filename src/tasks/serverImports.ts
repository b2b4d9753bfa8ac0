/**
 * The workspace modules a server file imports, so that saving one of them restarts the server: Python `import a.b`
 * / `from .a import b` resolved beside the file (its folder is first on sys.path) and relative to its package; JS/TS
 * relative `import`/`require`/`export … from` specifiers. Followed transitively through the files found; installed
 * packages are not followed (they resolve outside the server's folder). A regular-expression reading, not a parser:
 * an import inside a string or a comment may count, which at worst restarts the server once too often.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

const MAX_FILES = 200;
const MAX_FILE_BYTES = 1024 * 1024;

const PYTHON_IMPORT = /^[ \t]*import[ \t]+([\w., \t]+)/gm;
const PYTHON_FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?([\w, \t*]+)/gm;
const JS_SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;
const JS_EXTENSIONS = ['', '.ts', '.js', '.mjs', '.cjs', '.mts', '.cts', '/index.ts', '/index.js'];

/** The files `file` imports from the workspace, transitively (absolute paths, without `file` itself). */
export async function localImportsOf(file: string): Promise<string[]> {
  const found = new Set<string>([path.resolve(file)]);
  const queue = [path.resolve(file)];
  while (queue.length > 0 && found.size < MAX_FILES) {
    const current = queue.shift()!;
    let text: string;
    try {
      if ((await stat(current)).size > MAX_FILE_BYTES) continue;
      text = await readFile(current, 'utf8');
    } catch {
      continue;
    }
    for (const candidates of importCandidates(current, text)) {
      for (const candidate of candidates) {
        if (found.has(candidate)) break;
        if (await isFile(candidate)) {
          found.add(candidate);
          queue.push(candidate);
          break;
        }
      }
    }
  }
  found.delete(path.resolve(file));
  return [...found];
}

/** For each import in `text`, the files it may be, most likely first. */
export function importCandidates(file: string, text: string): string[][] {
  const dir = path.dirname(file);
  if (/\.pyw?$/.test(file)) {
    const result: string[][] = [];
    for (const match of text.matchAll(PYTHON_IMPORT)) {
      for (const name of match[1].split(',')) {
        const module = name.trim().split(/\s+/)[0];
        if (module) result.push(...pythonModules(dir, module));
      }
    }
    for (const match of text.matchAll(PYTHON_FROM)) {
      const [, dots, module, names] = match;
      let base = dir;
      for (let i = 1; i < dots.length; i++) base = path.dirname(base);
      if (module) result.push(...pythonModules(base, module));
      // `from . import a, b` / `from pkg import sub`: the names may be modules too.
      for (const name of names.split(',').map((n) => n.trim().split(/\s+/)[0])) {
        if (name && name !== '*') result.push(pythonModule(module ? path.join(base, ...module.split('.')) : base, name));
      }
    }
    return result;
  }
  return [...text.matchAll(JS_SPECIFIER)].map((match) => {
    const target = path.resolve(dir, match[2]);
    // TypeScript sources import './x.js' meaning './x.ts'.
    const ts = /\.[cm]?js$/.test(target) ? [target.replace(/\.([cm]?)js$/, '.$1ts')] : [];
    return [...JS_EXTENSIONS.map((ext) => target + ext), ...ts];
  });
}

/** `a.b.c` imports the packages `a` and `a.b` too (their `__init__.py`). */
function pythonModules(base: string, dotted: string): string[][] {
  const parts = dotted.split('.').filter(Boolean);
  return parts.map((_, i) => pythonModule(base, parts.slice(0, i + 1).join('.')));
}

function pythonModule(base: string, dotted: string): string[] {
  const parts = dotted.split('.').filter(Boolean);
  if (parts.length === 0) return [];
  const target = path.join(base, ...parts);
  return [`${target}.py`, path.join(target, '__init__.py')];
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
