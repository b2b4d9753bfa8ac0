/**
 * Figures a test measures on the way (a restart, completion, activation, call timing) for `npm run bench` to read:
 * test-results/<name>.json. Recording is all this does — the tests assert behaviour, never a duration; targets are
 * judged in bench/run.mjs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './nodeServerProcess';

/** Writes test-results/<name>.json under the checkout; returns its path. */
export function recordBenchFigure(name: string, figure: object, root = repoRoot()): string {
  const dir = path.join(root, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(figure, null, 2) + '\n');
  return file;
}
