#!/usr/bin/env node
// Runs the same mocha integration suite (out/test/suite/index.js) in desktop VS Code through @vscode/test-electron,
// the runner of VS Code's extension testing guide. Used where a desktop VS Code exists:
//   VSCODE_EXECUTABLE_PATH=/path/to/code node test/runElectron.mjs [--result-file f.json]
// Without VSCODE_EXECUTABLE_PATH, test-electron downloads VS Code (needs internet; not possible on our CI machines,
// which use test/runCodeServer.mjs instead). On Linux without a display, run it under xvfb-run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { runTests } from '@vscode/test-electron';
import { repoRoot, makeTestWorkspace, tempDir, runCleanups } from './harness/codeServer.mjs';

const RESULT_MARKER = 'RPC_EXPLORER_SUITE_RESULT';
const i = process.argv.indexOf('--result-file');
const resultFile = i >= 0 ? process.argv[i + 1] : undefined;

let result = { passed: 0, failed: 0, pending: 0 };
let sawResult = false;
/** Passes VS Code's output through, picking out the suite's result line. */
function watch(target) {
  const stream = new PassThrough();
  let pending = '';
  stream.on('data', (chunk) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const at = line.indexOf(RESULT_MARKER);
      if (at >= 0) {
        result = JSON.parse(line.slice(at + RESULT_MARKER.length));
        sawResult = true;
      } else {
        target.write(`${line}\n`);
      }
    }
  });
  return stream;
}

const started = Date.now();
let exitCode;
try {
  const workspace = makeTestWorkspace();
  exitCode = await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'suite', 'index.js'),
    extensionTestsEnv: { RPC_EXPLORER_TEST_WORKSPACE: workspace },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay out of the way; the development one still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      tempDir('electron-user-data'),
    ],
    stdout: watch(process.stdout),
    stderr: watch(process.stderr),
  });
} catch (e) {
  // runTests rejects when VS Code exits non-zero (failed tests) or cannot start.
  console.error(`test-electron: ${e?.message ?? e}`);
  exitCode = 1;
} finally {
  await runCleanups();
}
if (!sawResult || (exitCode !== 0 && result.failed === 0)) result = { ...result, failed: result.failed + 1 };
const seconds = Math.round((Date.now() - started) / 100) / 10;
if (resultFile) {
  mkdirSync(dirname(resolve(resultFile)), { recursive: true });
  writeFileSync(resultFile, JSON.stringify({ ...result, exitCode, seconds }, null, 2));
}
console.log(`integration (test-electron): ${result.passed} passed, ${result.failed} failed in ${seconds} s`);
process.exit(result.failed === 0 && exitCode === 0 ? 0 : 1);
