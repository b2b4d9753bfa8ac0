#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code, with example servers to explore.
//   npm start                     build, package the .vsix, install it into a local code-server (persistent profile
//                                 in the cache), start the example servers, open examples/: prints the URL to open
//   npm start -- --port 8080      a fixed port instead of a free one
//   npm start -- --desktop        desktop VS Code (`code` on PATH) with --extensionDevelopmentPath instead
//   npm start -- --screenshot     also save test-results/screenshots/start-workbench.png (headless chromium)
//   npm start -- --smoke          like --screenshot, then `rpc-explorer run examples/*.rpc` against the example servers,
//                                 then stop everything and exit (checks that npm start works)
// Ctrl-C stops everything this started (code-server, example servers).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vscodeServerPaths, dropNpmScriptEnv } from './ensure-vscode-server.mjs';
import {
  repoRoot,
  screenshotsDir,
  spawnTracked,
  startCodeServer,
  installVsix,
  launchBrowser,
  runCleanups,
  poll,
  QUIET_SETTINGS,
} from '../test/harness/codeServer.mjs';

// Through `npm start`, npm's own variables (npm_config_user_agent naming this Node, …) would reach everything started
// here — code-server, its extension host, the example servers: they get the environment `node scripts/start.mjs` gets.
dropNpmScriptEnv();

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const examplesDir = join(repoRoot, 'examples');
let interrupted = false; // Ctrl-C: the harness stops everything; code-server exiting then is expected
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => (interrupted = true));

/** The example servers: [folder, runtime, file, url]. hprose-python needs `pip install hprose`, so it is left out. */
const EXAMPLES = [
  { name: 'XML-RPC (Python)', file: 'python-xmlrpc/server.py', runtime: 'python3', url: 'http://127.0.0.1:8889' },
  { name: 'hprose (Node)', file: 'hprose-node/server.js', runtime: process.execPath, url: 'http://127.0.0.1:8880' },
  { name: 'JSON-RPC (Node)', file: 'jsonrpc-node/server.js', runtime: process.execPath, url: 'http://127.0.0.1:8890' },
];

function say(message) {
  console.log(`[npm start] ${message}`);
}

function npmRun(script) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', '--silent', script], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run ${script} failed (${r.status ?? r.signal})`);
}

async function startExamples() {
  const started = [];
  for (const example of EXAMPLES) {
    const file = join(examplesDir, example.file);
    if (!existsSync(file)) {
      say(`skipped ${example.name}: examples/${example.file} does not exist`);
      continue;
    }
    const proc = spawnTracked(example.runtime, [file], { cwd: join(examplesDir, example.file, '..'), env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    const exited = new Promise((r) => proc.child.once('exit', (code) => r(code)));
    try {
      await Promise.race([
        poll(() => /listening on|serving on|running on/i.test(proc.output()), { timeoutMs: 15_000, what: `${example.name} to listen` }),
        exited.then((code) => {
          throw new Error(`exited (${code}): ${proc.output().trim().split('\n').slice(-2).join(' / ') || 'no output'}`);
        }),
      ]);
      say(`${example.name.padEnd(18)} ${example.url}   (examples/${example.file})`);
      started.push(example);
    } catch (e) {
      say(`could not start ${example.name}: ${e.message}`);
      await proc.stop();
    }
  }
  return started;
}

/**
 * `--smoke`: the shipped request files (examples/*.rpc, their URLs as written) pass against the example servers on
 * their own ports, through the CLI just built — what a newcomer runs next to `npm start`.
 */
function runExampleRequestFiles() {
  const files = readdirSync(examplesDir).filter((name) => name.endsWith('.rpc')).sort().map((name) => join('examples', name));
  const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'run', ...files], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  const last = output.split('\n').pop() ?? '';
  if (run.status !== 0 || !/^\d+ ok\b/.test(last)) throw new Error(`--smoke: rpc-explorer run ${files.join(' ')} exited ${run.status ?? run.signal ?? run.error?.code}:\n${output.slice(-1500)}`);
  say(`rpc-explorer run ${files.join(' ')}: ${last}`);
}

async function runDesktop() {
  const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  if (which.status !== 0) throw new Error('--desktop needs the `code` command on PATH (VS Code: "Shell Command: Install \'code\' command in PATH")');
  npmRun('build');
  await startExamples();
  say('launching desktop VS Code with this checkout as the development extension; close its window or press Ctrl-C to stop');
  const code = spawnTracked('code', ['--new-window', '--wait', `--extensionDevelopmentPath=${repoRoot}`, examplesDir], { stdio: 'inherit' });
  await new Promise((r) => code.child.once('exit', r));
}

async function screenshot(url, examples) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  const item = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="RPC Explorer"]') });
  await item.first().waitFor({ state: 'visible', timeout: 60_000 });
  const title = page.locator('#workbench\\.parts\\.sidebar .composite.title');
  if (!/RPC EXPLORER/i.test(await title.innerText().catch(() => ''))) await item.first().click();
  await poll(async () => /RPC EXPLORER/i.test(await title.innerText().catch(() => '')), { timeoutMs: 20_000, what: 'the RPC Explorer container' });
  // The Methods view has rendered: its welcome content or its first tree rows.
  const body = page.locator('#workbench\\.parts\\.sidebar .pane-body').first();
  // "There is no data provider registered" is text too: wait for what only our activated extension shows.
  await poll(
    async () => {
      const text = await body.innerText().catch(() => '');
      return /Add Endpoint/.test(text) || (await body.locator('.monaco-list-row').count()) > 0;
    },
    { timeoutMs: 60_000, what: 'the Methods view of the activated extension' },
  );
  // The example servers come from examples/.vscode/settings.json: expand each, so the shot shows their methods. A row
  // moves while the rows above it fill in (a click can land on its neighbour): expand until all stay expanded.
  const rows = body.locator('.monaco-list-row');
  mkdirSync(screenshotsDir, { recursive: true });
  try {
    await poll(
      async () => {
        for (const example of examples) {
          const row = rows.filter({ hasText: example.name }).first();
          if ((await row.count()) === 0) return false;
          if ((await row.getAttribute('aria-expanded').catch(() => null)) === 'false') await row.click().catch(() => {});
        }
        return (await rows.filter({ hasText: 'sayHi' }).count()) >= examples.length;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: `the methods of ${examples.map((e) => e.name).join(', ')} in the tree` },
    );
  } catch (e) {
    // What the tree showed instead, and a picture of it: a newcomer's failure must say why.
    const shown = (await rows.allInnerTexts().catch(() => [])).map((text) => text.replace(/\s+/g, ' ').trim());
    await page.screenshot({ path: join(screenshotsDir, 'start-workbench-failed.png') }).catch(() => {});
    throw new Error(`${e.message}; the tree showed: ${shown.join(' | ') || 'no rows'}`, { cause: e });
  }
  const file = join(screenshotsDir, 'start-workbench.png');
  await page.screenshot({ path: file });
  await browser.close();
  return file;
}

async function runCodeServer() {
  const { cache } = vscodeServerPaths();
  const profile = join(cache, 'start');
  const userDataDir = join(profile, 'user-data');
  const extensionsDir = join(profile, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  // Keep what the user changed in this profile; add the quiet defaults it lacks (a newer checkout may add some).
  const userSettings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...userSettings }, null, 2));

  say('building and packaging the extension…');
  npmRun('package');
  const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
  const vsix = join(repoRoot, `rpc-explorer-${version}.vsix`);
  await installVsix(vsix, { extensionsDir, userDataDir });
  say(`installed ${vsix} into ${extensionsDir}`);

  const started = await startExamples();
  if (flag('--smoke') && started.length < EXAMPLES.length) {
    const missing = EXAMPLES.filter((example) => !started.includes(example)).map((example) => example.name);
    throw new Error(`--smoke: example servers did not start: ${missing.join(', ')}`);
  }
  const port = option('--port') ? Number(option('--port')) : undefined;
  const server = await startCodeServer({ folder: examplesDir, userDataDir, extensionsDir, port, smokeTestDriver: false });
  const url = `${server.baseUrl}/?folder=${encodeURIComponent(examplesDir)}`;
  say(`code-server ${server.baseUrl} (profile ${profile})`);
  console.log(`\n  Open ${url}\n  then the RPC Explorer icon in the activity bar → the example servers are listed (examples/.vscode/settings.json).\n  Ctrl-C stops everything.\n`);

  if (flag('--screenshot') || flag('--smoke')) say(`screenshot: ${await screenshot(url, started)}`);
  if (flag('--smoke')) {
    runExampleRequestFiles();
    return;
  }
  const exit = await new Promise((r) => server.child.once('exit', (code, signal) => r(code ?? signal)));
  if (interrupted) return;
  throw new Error(`code-server stopped (${exit}):\n${server.output().slice(-2000)}`);
}

let exitCode = 0;
try {
  if (flag('--desktop')) await runDesktop();
  else await runCodeServer();
} catch (e) {
  console.error(`[npm start] ${e?.message ?? e}`);
  exitCode = 1;
} finally {
  await runCleanups();
}
process.exit(exitCode);
