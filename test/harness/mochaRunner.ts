// Runs mocha (TDD ui: suite/test) over the compiled *.test.js files of one folder inside the extension host, prints a
// machine-readable result line the runners parse, and rejects on failure so the host exits non-zero.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/** Printed once at the end; test/harness/codeServer.mjs and runElectron.mjs look for it. */
export const RESULT_MARKER = 'RPC_EXPLORER_SUITE_RESULT';

function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function runMochaFolder(testsRoot: string): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: 120_000,
    // RPC_EXPLORER_TEST_GREP narrows a run to matching tests while working on them.
    grep: process.env.RPC_EXPLORER_TEST_GREP || undefined,
  });
  for (const file of findTestFiles(testsRoot)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      // The failed tests' names travel with the counts: the run's summary lists them at the end of the log.
      const failedTests: string[] = [];
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        const result = { passed: stats.passes, failed: stats.failures, pending: stats.pending, failedTests };
        console.log(`${RESULT_MARKER} ${JSON.stringify(result)}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
      runner.on('fail', (test, err) => failedTests.push(`${test.fullTitle()}: ${String(err?.message ?? err).split('\n')[0].slice(0, 200)}`));
    } catch (err) {
      console.log(`${RESULT_MARKER} ${JSON.stringify({ passed: 0, failed: 1, pending: 0, error: String(err) })}`);
      reject(err);
    }
  });
}
