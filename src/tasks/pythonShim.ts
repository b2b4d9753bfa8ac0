/**
 * Version managers (pyenv, asdf, mise) put a shim on PATH: a script that picks an interpreter every time it runs,
 * and costs a few hundred milliseconds before Python itself starts. A server that restarts on every save runs the
 * interpreter the shim would pick instead: asked once, and remembered for as long as the inputs the shim reads
 * (its version variables and version files) stay the same. Pure Node (no vscode).
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

/** The files version managers read to choose a version, nearest first in each folder up to the root. */
const VERSION_FILES = ['.python-version', '.tool-versions', 'mise.toml', '.mise.toml'];
/** The environment variables they read. */
const VERSION_VARIABLES = ['PYENV_VERSION', 'PYENV_ROOT', 'ASDF_PYTHON_VERSION', 'ASDF_DATA_DIR', 'MISE_PYTHON_VERSION', 'MISE_ENV'];
const ASK_TIMEOUT_MS = 15_000;
const MAX_REMEMBERED = 64;

const remembered = new Map<string, string>();

/** Whether the command is a version manager's shim (it lives in a folder named `shims`). */
export function isVersionManagerShim(command: string): boolean {
  return path.basename(path.dirname(command)) === 'shims';
}

/**
 * The interpreter a shim runs for a server started in `cwd`; the command itself when it is no shim, or when the
 * shim cannot say (it then runs as it is, only slower).
 */
export async function interpreterBehindShim(command: string, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (!isVersionManagerShim(command)) return command;
  const key = [command, ...VERSION_VARIABLES.map((name) => `${name}=${env[name] ?? ''}`), await versionInputs(cwd, env)].join('\0');
  const known = remembered.get(key);
  if (known) return known;
  const real = await askInterpreter(command, cwd, env);
  if (!real || real === command || !(await stat(real).catch(() => undefined))?.isFile()) return command;
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, real);
  return real;
}

/** The contents of every version file from cwd up to the root, and of the managers' global version files. */
async function versionInputs(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const files: string[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of VERSION_FILES) files.push(path.join(dir, name));
    if (path.dirname(dir) === dir) break;
  }
  const home = os.homedir();
  files.push(path.join(env.PYENV_ROOT ?? path.join(home, '.pyenv'), 'version'));
  files.push(path.join(home, '.tool-versions'), path.join(home, '.config', 'mise', 'config.toml'));
  const contents = await Promise.all(files.map((file) => readFile(file, 'utf8').then((text) => `${file}:${text}`, () => '')));
  return contents.filter(Boolean).join('\0');
}

function askInterpreter(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, ['-c', 'import sys; print(sys.executable)'], { cwd, env, timeout: ASK_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout) => {
      const line = stdout?.trim().split('\n').pop()?.trim();
      resolve(!error && line && path.isAbsolute(line) ? line : undefined);
    });
  });
}
