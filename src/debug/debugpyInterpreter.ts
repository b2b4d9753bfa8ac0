/**
 * Which Python runs a server under debugpy: the interpreter the task would use when it can import debugpy, else
 * the first other python3 that can (Debian's python3-debugpy is importable only from /usr/bin/python3, not from a
 * pyenv or venv interpreter on PATH). Pure Node (no vscode).
 */
import { execFile } from 'node:child_process';
import { findExecutable } from '../tasks/serverRuntime';

/** Interpreters tried after the task's own, in order. */
export const FALLBACK_PYTHONS = ['python3', 'python', '/usr/bin/python3', '/usr/local/bin/python3'];
/** A first import of debugpy on a loaded machine can take a few seconds; a hung interpreter must not hang the start. */
const IMPORT_CHECK_MS = 15_000;

export interface DebugpyInterpreter {
  /** Absolute path of an interpreter that imports debugpy. */
  command: string;
  /** Whether it is the interpreter the task would have run (false: a fallback was needed). */
  isTaskInterpreter: boolean;
}

/** Whether `python -c "import debugpy"` succeeds. */
export function importsDebugpy(python: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import debugpy'], { timeout: IMPORT_CHECK_MS, windowsHide: true }, (error) => resolve(!error));
  });
}

/** The first interpreter able to import debugpy, the task's first; undefined when none can. */
export async function findDebugpyInterpreter(
  taskPython: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  fallbacks: readonly string[] = FALLBACK_PYTHONS,
): Promise<DebugpyInterpreter | undefined> {
  const seen = new Set<string>();
  const candidates = [...(taskPython ? [taskPython] : []), ...fallbacks];
  for (const candidate of candidates) {
    const found = await findExecutable(candidate, env);
    if (!found) continue;
    // By path, not by real path: a venv's python links to the system one but imports from another site-packages.
    if (seen.has(found)) continue;
    seen.add(found);
    if (await importsDebugpy(found)) return { command: found, isTaskInterpreter: candidate === taskPython };
  }
  return undefined;
}
