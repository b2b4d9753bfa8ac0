#!/usr/bin/env node
// Runs the mocha integration suite (out/test/suite/index.js) in code-server's real Node extension host, offline.
//   node test/runCodeServer.mjs [--result-file f.json] [--timeout seconds]
//   node test/runCodeServer.mjs --vsix rpc-explorer-x.y.z.vsix   (installs the .vsix and checks that it activates)
//   node test/runCodeServer.mjs --untrusted   (Workspace Trust on, the workspace untrusted: restricted mode; runs only
//                                              the suites titled "Untrusted workspace", with RPC_EXPLORER_TEST_UNTRUSTED=1)
//   node test/runCodeServer.mjs --locale zh-cn   (display language zh-cn; runs only the suites titled "Display language
//                                              zh-cn", with RPC_EXPLORER_TEST_LOCALE=zh-cn)
// How: code-server on a free loopback port (fresh user-data/extensions dirs, smoke-test driver on), then headless
// chromium opens the workbench with a `payload` naming extensionDevelopmentPath + extensionTestsPath; the
// workbench calls window.codeAutomationLog with the test output and window.codeAutomationExit with the exit code.
// The workspace is a fresh copy of examples/; its path reaches tests as RPC_EXPLORER_TEST_WORKSPACE (the extension
// host inherits code-server's environment). Exit code: the extension host's (0 = all passed).
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { format } from 'node:util';
import {
  repoRoot,
  startCodeServer,
  launchBrowser,
  makeTestWorkspace,
  remoteUri,
  workbenchUrl,
  installVsix,
  tempDir,
  runCleanups,
  isWorkbenchNoise,
} from './harness/codeServer.mjs';

const RESULT_MARKER = 'RPC_EXPLORER_SUITE_RESULT';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const resultFile = option('--result-file');
const timeoutMs = Number(option('--timeout', '300')) * 1000;
const vsix = option('--vsix');
const untrusted = process.argv.includes('--untrusted');
const locale = option('--locale');
// The other suites assert English; the display-language suite skips itself in their runs.
const LOCALE_SUITES = `Display language ${locale}`;
// The other suites assume a trusted workspace (they start servers); the untrusted suite skips itself in their runs.
const UNTRUSTED_SUITES = 'Untrusted workspace';

function writeResult(result) {
  if (!resultFile) return;
  mkdirSync(dirname(resolve(resultFile)), { recursive: true });
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
}

async function main() {
  const started = Date.now();
  const workspace = makeTestWorkspace();
  let extensionsDir;
  let devPath = repoRoot;
  let testsPath = join(repoRoot, 'out', 'test', 'suite', 'index.js');
  if (vsix) {
    // The installed .vsix is checked by a probe: a do-nothing development extension whose tests look the
    // installed extension up (it must come from the extensions dir, not from this checkout) and activate it.
    extensionsDir = tempDir('extensions');
    const userDataDir = tempDir('install-user-data');
    console.log(await installVsix(resolve(vsix), { extensionsDir, userDataDir }));
    devPath = join(repoRoot, 'test', 'fixtures', 'vsix-probe');
    testsPath = join(repoRoot, 'out', 'test', 'vsix', 'index.js');
  }
  if (!existsSync(testsPath)) throw new Error(`${testsPath} is missing: run \`npm run compile-tests\` first`);
  if (!vsix && !existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');

  const server = await startCodeServer({
    folder: workspace,
    extensionsDir,
    workspaceTrust: untrusted,
    locale,
    env: {
      RPC_EXPLORER_TEST_WORKSPACE: workspace,
      RPC_EXPLORER_TEST_EXTENSIONS_DIR: extensionsDir ?? '',
      ...(untrusted ? { RPC_EXPLORER_TEST_UNTRUSTED: '1', RPC_EXPLORER_TEST_GREP: process.env.RPC_EXPLORER_TEST_GREP || UNTRUSTED_SUITES } : {}),
      ...(locale ? { RPC_EXPLORER_TEST_LOCALE: locale, RPC_EXPLORER_TEST_GREP: process.env.RPC_EXPLORER_TEST_GREP || LOCALE_SUITES } : {}),
    },
  });
  console.log(`code-server ${server.baseUrl} ready in ${Date.now() - started} ms; workspace ${workspace}`);

  const browser = await launchBrowser();
  const page = await browser.newPage();
  let result = { passed: 0, failed: 0, pending: 0 };
  let sawResult = false;
  let resolveExit;
  const exit = new Promise((r) => {
    resolveExit = r;
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    if (process.env.RPC_EXPLORER_DEBUG_LOG === '1') console.log('RAW', type, JSON.stringify(args).slice(0, 300));
    // Entries are console.log argument lists (mocha uses printf-style formats).
    const text = Array.isArray(args) ? format(...args) : String(args);
    if (text.startsWith(RESULT_MARKER)) {
      result = JSON.parse(text.slice(RESULT_MARKER.length));
      sawResult = true;
    } else if (!isWorkbenchNoise(text)) {
      console.log(type === 'error' ? `[error] ${text}` : text);
    }
  });
  if (process.env.RPC_EXPLORER_DEBUG_BROWSER === '1') page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console.log(`[workbench error] ${e.message}`));

  const payload = [
    ['extensionDevelopmentPath', remoteUri(server.port, devPath)],
    ['extensionTestsPath', remoteUri(server.port, testsPath)],
  ];
  await page.goto(workbenchUrl(server.baseUrl, workspace, payload));

  let timer;
  const timedOut = new Promise((r) => {
    timer = setTimeout(() => r('timeout'), timeoutMs);
  });
  const code = await Promise.race([exit, timedOut]);
  clearTimeout(timer);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  if (code === 'timeout') {
    console.log(`integration suite did not finish within ${timeoutMs / 1000} s; code-server output:\n${server.output().slice(-3000)}`);
    result = { ...result, failed: result.failed + 1, error: 'timeout' };
  } else if (!sawResult) {
    // The host exited without the suite's result line: the test entry point failed to load or crashed.
    result = { ...result, failed: result.failed + 1, error: `extension host exited ${code} without a result` };
    console.log(`extension host exited with ${code} without a test result; code-server output:\n${server.output().slice(-3000)}`);
  } else if (code !== 0 && result.failed === 0) {
    result = { ...result, failed: 1, error: `extension host exited ${code}` };
  }
  if (untrusted && result.passed + result.failed === 0) {
    // The untrusted suite skips itself unless RPC_EXPLORER_TEST_UNTRUSTED reached the host: a silent pass is a failure.
    result = { ...result, failed: 1, error: 'no untrusted-workspace test ran' };
  }
  if (locale && result.passed + result.failed === 0) {
    result = { ...result, failed: 1, error: `no display-language ${locale} test ran` };
  }
  writeResult({ ...result, exitCode: code === 'timeout' ? -1 : code, seconds });
  const mode = vsix ? ', installed .vsix' : untrusted ? ', untrusted workspace' : locale ? `, display language ${locale}` : '';
  console.log(`integration (code-server${mode}): ${result.passed} passed, ${result.failed} failed in ${seconds} s`);
  return result.failed === 0 && code === 0 ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  console.error(`integration run failed: ${e?.message ?? e}`);
  writeResult({ passed: 0, failed: 1, error: String(e?.message ?? e) });
} finally {
  await runCleanups();
}
process.exit(exitCode);
