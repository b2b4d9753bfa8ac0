#!/usr/bin/env node
// UI smoke tests: what a user sees in the workbench, driven by playwright-core in headless chromium against a real
// code-server with this checkout loaded as the development extension (build first: `npm run build`).
//   node test/ui/run.mjs [--result-file f.json] [--grep text[|text…]] [--timeout seconds] [--jobs N]
// --jobs N (or RPC_EXPLORER_UI_JOBS): how many files run at once, each with its own code-server and browser (a file's
// lines print together when it ends; each has its own browser, so a webview focusing itself in one does not close a
// quick input in the other). Default 1, one after the other, printing as they go: 2 takes ~165 s instead of ~200 s on
// 2 cores, but the load made late focus and slow server starts fail tests in 5 of 10 full runs.
//
// Adding UI tests: create test/ui/<topic>.ui.mjs exporting
//   export const tests = [{ name: 'explorer lists methods', run: async (ui) => { … } }, …];
// Each file gets its own fresh code-server, profile and copy of examples/ (files never see each other's state);
// its tests run in array order in ONE workbench page, so state carries over between the tests of a file (press
// Escape / close what you open). `ui` is the context below:
//   ui.page                 playwright Page of the workbench
//   ui.workspaceDir         the opened folder: a fresh copy of examples/ under ui.workspaceDir/examples
//   ui.baseUrl              code-server's http://127.0.0.1:PORT
//   ui.userDataDir          code-server's user-data-dir (settings, workspace state)
//   ui.screenshot(name)     saves test-results/screenshots/<file>-<name>.png, returns its path
//   ui.runCommand(title)    runs a command from the palette by its full title, e.g. 'RPC Explorer: Add Endpoint'
//   ui.openContainer()      clicks the RPC Explorer activity-bar item; resolves to the sidebar locator
//   ui.sidebar / ui.panel   locators of the side bar and the bottom panel
//   ui.quickInput           locator of the quick input widget (palette, input boxes, quick picks)
//   ui.waitForText(locator, text, timeoutMs?)   waits until locator's text contains text (string or RegExp)
//   ui.notifications()      texts of the visible notification toasts
//   ui.messages()           texts of modal dialogs and notification toasts (for failure messages)
//   ui.log(...)             prints under the test's name
// Use node:assert/strict for checks; a thrown error fails the test and saves <file>-failed-<test>.png. A test may
// set `timeoutMs` (default 90 s). A test that fails gets a second attempt; passing on it counts as passed AND flaky:
// the result file's `flaky` / `flakyTests` and the summary name it (a flaky test is a defect to fix, not a pass).
import { readdirSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, screenshotsDir, launchBrowser, runCleanups } from '../harness/codeServer.mjs';
import { makeContext, openWorkbench } from './context.mjs';

function option(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const resultFile = option('--result-file');
/** Attempts per UI test (see the loop in main). */
const UI_ATTEMPTS = 2;
const grep = option('--grep') ?? process.env.RPC_EXPLORER_UI_GREP;
const uiDir = dirname(new URL(import.meta.url).pathname);
const TEST_TIMEOUT_MS = 90_000; // per test; a test object may set its own `timeoutMs`
const RUN_TIMEOUT_MS = Number(option('--timeout') ?? 900) * 1000;
const JOBS = Math.max(1, Number(option('--jobs') ?? process.env.RPC_EXPLORER_UI_JOBS ?? 1) || 1);

async function loadTestFiles() {
  const files = readdirSync(uiDir).filter((f) => f.endsWith('.ui.mjs')).sort();
  const loaded = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(join(uiDir, file)).href);
    if (!Array.isArray(mod.tests)) throw new Error(`${file} must export \`tests\`: an array of { name, run(ui) }`);
    loaded.push({ file, tests: mod.tests.filter((t) => !grep || grep.split('|').some((part) => t.name.includes(part))) });
  }
  return loaded;
}

/**
 * Runs one file's tests in order in one fresh workbench; adds to `totals`. `print` writes a line of its output (live
 * when files run one at a time, else kept until the file ends so each file's lines stay together).
 */
async function runFile(browser, { file, tests }, totals, print) {
  const fileTag = basename(file, '.ui.mjs');
  print(`  ${file}`);
  let workbench;
  try {
    workbench = await openWorkbench(browser, { print });
  } catch (e) {
    totals.failed += tests.length;
    totals.failedTests.push(`${file}: could not open the workbench: ${String(e?.message ?? e).split('\n')[0]}`);
    print(`    ✘ could not open the workbench, ${tests.length} test(s) not run: ${e?.message ?? e}`);
    return;
  }
  const { page, workspaceDir, server } = workbench;
  for (const t of tests) {
    const ui = makeContext({ page, workspaceDir, baseUrl: server.baseUrl, fileTag, userDataDir: server.userDataDir, print });
    ui.testName = t.name;
    // A UI test drives a real workbench on a machine that may be loaded: a click can land while the element moves,
    // a key before the input took the text. A test that fails gets one more attempt (as Playwright's `retries`);
    // passing on it is reported as flaky, failing twice fails.
    for (let attempt = 1; attempt <= UI_ATTEMPTS; attempt++) {
      const t0 = Date.now();
      try {
        const limit = t.timeoutMs ?? TEST_TIMEOUT_MS;
        let timer;
        await Promise.race([
          t.run(ui),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${limit} ms`)), limit);
          }),
        ]).finally(() => clearTimeout(timer));
        totals.passed++;
        if (attempt > 1) totals.flakyTests.push(`${file}: ${t.name}`);
        print(`    ✔ ${t.name} (${Date.now() - t0} ms${attempt > 1 ? `, flaky: passed on attempt ${attempt}` : ''})`);
        break;
      } catch (e) {
        // Each attempt's own picture: a second attempt must not overwrite what the first one saw.
        const shot = await ui.screenshot(`FAILED-${attempt < UI_ATTEMPTS ? `attempt-${attempt}-` : ''}${t.name}`).catch(() => undefined);
        // Playwright errors carry a long call log: the first lines say what went wrong.
        const message = String(e?.message ?? e).replace(/\x1b\[[0-9;]*m/g, '').split('\n').slice(0, 6).join('\n      ');
        // Leave the next attempt or test a clean workbench: dismiss dialogs, inputs and menus the failure left open.
        for (let i = 0; i < 3; i++) await page.keyboard.press('Escape').catch(() => {});
        if (attempt < UI_ATTEMPTS) {
          print(`    ↻ ${t.name}: ${message.split('\n')[0]} — trying again${shot ? ` (screenshot: ${shot})` : ''}`);
          continue;
        }
        totals.failed++;
        totals.failedTests.push(`${t.name}: ${message.split('\n')[0].slice(0, 200)}`);
        print(`    ✘ ${t.name}: ${message}${shot ? `\n      screenshot: ${shot}` : ''}`);
      }
    }
  }
  await workbench.close();
}

async function main() {
  const started = Date.now();
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const files = (await loadTestFiles()).filter((f) => f.tests.length > 0);
  /** flakyTests: tests that failed once and passed on their second attempt (counted in `passed` too, and named). */
  const totals = { passed: 0, failed: 0, failedTests: [], flakyTests: [] };
  // Files share nothing (each its own code-server, profile and workspace copy): JOBS of them at a time, the files with
  // the most tests first, so the last one to start is a short one.
  const queue = [...files].sort((a, b) => b.tests.length - a.tests.length);
  // A browser per worker: pages of one browser share its focus, and a webview focusing itself in one workbench would
  // close the quick input another workbench is typing in.
  const worker = async () => {
    const browser = await launchBrowser();
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (JOBS === 1) {
        await runFile(browser, next, totals, (line) => console.log(line));
        continue;
      }
      const lines = [];
      try {
        await runFile(browser, next, totals, (line) => lines.push(line));
      } finally {
        console.log(lines.join('\n'));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(JOBS, files.length) }, worker));
  return { ...totals, flaky: totals.flakyTests.length, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

function writeResult(result) {
  if (!resultFile) return;
  mkdirSync(dirname(resolve(resultFile)), { recursive: true });
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
}

// Whole-run bound: whatever hangs, the run ends, reports and stops what it started.
setTimeout(async () => {
  console.log(`ui: the run did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
  writeResult({ passed: 0, failed: 1, error: 'timeout' });
  await runCleanups();
  process.exit(1);
}, RUN_TIMEOUT_MS).unref();

let result;
try {
  result = await main();
} catch (e) {
  console.error(`UI run failed: ${e?.message ?? e}`);
  result = { passed: 0, failed: 1, error: String(e?.message ?? e) };
} finally {
  await runCleanups();
}
writeResult(result);
console.log(`ui: ${result.passed} passed, ${result.failed} failed, ${result.flaky ?? 0} flaky${result.seconds ? ` in ${result.seconds} s` : ''}; screenshots in ${screenshotsDir}`);
process.exit(result.failed === 0 ? 0 : 1);
