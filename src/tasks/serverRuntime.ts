/**
 * Which program runs a server file: Python files with the chosen interpreter (unbuffered, so the ready line
 * arrives when printed), .js/.mjs/.cjs with node, .ts with the project's tsx or ts-node. Pure Node (no vscode):
 * the interpreter candidates come from the caller, which reads the settings.
 */
import { access, constants, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { sourceLanguageOf } from '../sourceModel';
import { interpreterBehindShim } from './pythonShim';

export interface Candidate {
  command: string;
  /** Where it came from, named in the error when it is missing ("rpcExplorer.server.pythonPath"). */
  source: string;
  /** A missing explicit choice is an error rather than a reason to try the next candidate. */
  explicit?: boolean;
}

export interface ServerRuntime {
  command: string;
  /** Arguments before the server file. */
  args: string[];
  env: Record<string, string>;
}

/** A runtime cannot be found: the message is one line for the user and names what to change. */
export class RuntimeNotFoundError extends Error {}

export interface RuntimeRequest {
  file: string;
  /** The task's `runtime` property. */
  runtime?: string;
  /** Python interpreters in order of preference (settings, Python extension), before python3 and python. */
  pythonCandidates: Candidate[];
  /** Where to stop looking for node_modules/.bin (the workspace folder). */
  projectRoot?: string;
  /** Where the server runs (a version manager picks its Python by it); the file's folder when not given. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export async function resolveServerRuntime(request: RuntimeRequest): Promise<ServerRuntime> {
  const env = request.env ?? process.env;
  const base = path.basename(request.file);
  const language = sourceLanguageOf(request.file);
  const python = async (command: string) => pythonRuntime(await interpreterBehindShim(command, request.cwd ?? path.dirname(request.file), env));
  if (request.runtime) {
    const found = await findExecutable(request.runtime, env);
    if (!found) throw new RuntimeNotFoundError(l10n.t('The task\'s runtime "{0}" was not found: fix "runtime" in tasks.json or put it on PATH.', request.runtime));
    return /python/i.test(path.basename(request.runtime)) ? python(found) : { command: found, args: [], env: {} };
  }
  if (language === 'python') {
    for (const candidate of request.pythonCandidates) {
      const found = await findExecutable(candidate.command, env);
      if (found) return python(found);
      if (candidate.explicit) {
        throw new RuntimeNotFoundError(l10n.t('Python interpreter "{0}" from {1} was not found: change the setting {1}.', candidate.command, candidate.source));
      }
    }
    for (const name of ['python3', 'python']) {
      const found = await findExecutable(name, env);
      if (found) return python(found);
    }
    throw new RuntimeNotFoundError(
      l10n.t('No Python interpreter found to run {0} (tried python3 and python on PATH): set rpcExplorer.server.pythonPath, or select an interpreter with the Python extension.', base),
    );
  }
  if (language === 'javascript') return node(env);
  if (language === 'typescript') {
    for (const tool of ['tsx', 'ts-node']) {
      const found = await findInNodeModules(tool, path.dirname(request.file), request.projectRoot);
      if (found) return { command: found, args: [], env: {} };
    }
    throw new RuntimeNotFoundError(
      l10n.t('Cannot run {0}: neither tsx nor ts-node is installed in this project. Install one ({1}) or set "runtime" in the task.', base, 'npm install --save-dev tsx'),
    );
  }
  throw new RuntimeNotFoundError(l10n.t('Cannot run {0}: server tasks run Python (.py), JavaScript (.js, .mjs, .cjs) and TypeScript (.ts) files.', base));
}

function pythonRuntime(command: string): ServerRuntime {
  // -u and PYTHONUNBUFFERED: a pipe makes Python buffer stdout, and the ready line would arrive late or never.
  return { command, args: ['-u'], env: { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' } };
}

async function node(env: NodeJS.ProcessEnv): Promise<ServerRuntime> {
  const found = await findExecutable('node', env);
  if (found) return { command: found, args: [], env: {} };
  // No node on PATH: the extension host's own runtime runs plain Node code (Electron needs the flag to act as Node).
  return { command: process.execPath, args: [], env: { ELECTRON_RUN_AS_NODE: '1' } };
}

/** node_modules/.bin/<tool> in the file's folder or any parent up to `root` (or the filesystem root). */
async function findInNodeModules(tool: string, from: string, root: string | undefined): Promise<string | undefined> {
  const names = process.platform === 'win32' ? [`${tool}.cmd`, tool] : [tool];
  let dir = path.resolve(from);
  const stop = root ? path.resolve(root) : undefined;
  for (;;) {
    for (const name of names) {
      const candidate = path.join(dir, 'node_modules', '.bin', name);
      if (await isExecutable(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir || (stop && dir === stop)) return undefined;
    dir = parent;
  }
}

/** An absolute/relative path that exists, or a bare name found on PATH (PATHEXT on Windows). */
export async function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (!command) return undefined;
  const exts = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';')] : [''];
  if (command.includes('/') || command.includes('\\')) {
    for (const ext of exts) if (await isExecutable(command + ext)) return command + ext;
    return undefined;
  }
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** A regular file we may execute (a directory is "executable" to access(), not to spawn). */
async function isExecutable(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
