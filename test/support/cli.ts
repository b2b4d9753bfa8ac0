/** Runs the `rpc-explorer` CLI as users get it: the esbuild bundle dist/cli.js, in a child Node process. */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './servers';

const ROOT = repoRoot();
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Newest modification time under a folder (to rebuild a stale bundle). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Rebuilds dist/ when dist/cli.js is missing or older than any source file. */
export function ensureCliBundle(): void {
  const fresh = fs.existsSync(CLI) && fs.statSync(CLI).mtimeMs >= newestMtime(path.join(ROOT, 'src'));
  if (!fresh) execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'ignore' });
}

/** Runs the CLI (in the repository root unless `cwd` says otherwise) and resolves to its exit code and output. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), CLI, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, timeout: 60_000, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Node's preload that writes the child's resource usage at exit (see resourceUsagePreload.cjs). */
export const RESOURCE_USAGE_PRELOAD = path.join(ROOT, 'test', 'support', 'resourceUsagePreload.cjs');
