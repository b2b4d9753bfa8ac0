// Shared plumbing for everything that drives a real code-server: the integration runner (test/runCodeServer.mjs),
// the UI smoke runner (test/ui/run.mjs) and `npm start` (scripts/start.mjs).
// Everything started here is registered for cleanup and killed by process group on every way out (normal end,
// error, SIGINT/SIGTERM/SIGHUP).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVscodeServer } from '../../scripts/ensure-vscode-server.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotsDir = join(repoRoot, 'test-results', 'screenshots');

// ---- cleanup on every path out -------------------------------------------------------------------------------

const cleanups = [];
let cleaning = null;

/** Registers fn to run (once, newest first) when the process ends or runCleanups() is called. Returns an unregister. */
export function onCleanup(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export function runCleanups() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch (e) {
        process.stderr.write(`cleanup failed: ${e?.message ?? e}\n`);
      }
    }
    cleaning = null;
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: stopping what this run started…\n`);
    runCleanups().finally(() => process.exit(130));
  });
}
// Last resort for synchronous exits (process.exit from elsewhere): process groups still get SIGKILL.
const groupsToKill = new Set();
process.on('exit', () => {
  for (const pgid of groupsToKill) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

// ---- small helpers -------------------------------------------------------------------------------------------

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A fresh temp dir, removed at cleanup unless RPC_EXPLORER_KEEP_TEMP=1. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `rpc-explorer-${prefix}-`));
  if (process.env.RPC_EXPLORER_KEEP_TEMP !== '1') onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh workspace folder holding a copy of examples/ (tests start the example servers from there). */
export function makeTestWorkspace() {
  const dir = tempDir('workspace');
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  cpSync(join(repoRoot, 'examples'), join(workspace, 'examples'), {
    recursive: true,
    // examples/.vscode/settings.json lists the example servers for `npm start`: tests start with an empty explorer.
    filter: (src) => !/(^|\/)(node_modules|__pycache__)(\/|$)/.test(src) && src !== join(repoRoot, 'examples', '.vscode', 'settings.json'),
  });
  return workspace;
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls check() until it returns a truthy value or the deadline passes. */
export async function poll(check, { timeoutMs, intervalMs = 200, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath}`;
}

/** Workbench URL opening folder; payload entries are [name, value] pairs (extensionDevelopmentPath, extensionTestsPath). */
export function workbenchUrl(baseUrl, folder, payload) {
  let url = `${baseUrl}/?folder=${encodeURIComponent(folder)}`;
  if (payload?.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

// ---- code-server ---------------------------------------------------------------------------------------------

/** Kills a detached child's whole process group: SIGTERM, then SIGKILL if it lingers. */
export async function killGroup(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    groupsToKill.delete(child.pid);
    return;
  }
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const timer = new Promise((r) => setTimeout(r, graceMs, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await exited;
  }
  // Children that outlived their parent (the extension host, a started server) are in the same group.
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* group empty */
  }
  groupsToKill.delete(child.pid);
}

/** Spawns a long-running process in its own process group, registered for cleanup; output kept for diagnostics. */
export function spawnTracked(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  groupsToKill.add(child.pid);
  const unregister = onCleanup(() => killGroup(child));
  child.once('exit', () => groupsToKill.delete(child.pid));
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    output: () => output,
    stop: async () => {
      unregister();
      await killGroup(child);
    },
  };
}

/** User settings for a fresh profile: no welcome page, tips, update checks or telemetry in the way of tests. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The examples folder sits inside this repository: don't offer to open the parent repository.
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Settings for a run with Workspace Trust on (startCodeServer's workspaceTrust): the opened folder has no trust
 * decision in the fresh profile, so it opens in restricted mode; "never" skips the startup trust dialog (the folder
 * stays untrusted, the restricted-mode banner shows) so nothing modal waits for a click.
 */
export const WORKSPACE_TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};

/**
 * A display language for code-server. `--locale` alone leaves the workbench and `vscode.env.language` in English: VS
 * Code only switches to a language a language pack provides. So a stub pack (no translations of VS Code's own
 * strings: the workbench stays English, extensions get the locale) goes into the extensions dir as an unpacked
 * extension, and languagepacks.json in the user-data dir names it, as installing a real pack would.
 */
export const STUB_LANGUAGE_PACK = { publisher: 'rpc-explorer-tests', name: 'stub-language-pack', version: '0.0.1' };

function installStubLanguagePack(locale, { userDataDir, extensionsDir }) {
  const { publisher, name, version } = STUB_LANGUAGE_PACK;
  const id = `${publisher}.${name}`;
  const dir = join(extensionsDir, `${id}-${locale}-${version}`);
  mkdirSync(join(dir, 'translations'), { recursive: true });
  const translations = join(dir, 'translations', 'main.i18n.json');
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      publisher,
      version,
      engines: { vscode: '*' },
      categories: ['Language Packs'],
      contributes: { localizations: [{ languageId: locale, languageName: locale, localizedLanguageName: locale, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
    }),
  );
  const packs = { [locale]: { hash: 'stub', extensions: [{ extensionIdentifier: { id }, version }], translations: { vscode: translations }, label: locale } };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}

function codeServerArgs({ paths, port, userDataDir, extensionsDir, configFile, workspaceTrust, locale }) {
  const args = [
    paths.codeServer,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
  ];
  // The flag wins over the setting: without it, trust is decided by security.workspace.trust.* in the profile.
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  if (locale) args.push('--locale', locale);
  return args;
}

/**
 * Starts code-server on a free loopback port and waits until /healthz answers.
 * dirs: { userDataDir, extensionsDir } (fresh temp dirs when omitted). env: extra variables; the extension host
 * inherits code-server's environment, so this is how tests get e.g. RPC_EXPLORER_TEST_WORKSPACE.
 * workspaceTrust: true runs with Workspace Trust enabled (a fresh profile: the folder is untrusted, restricted mode).
 * locale: a display language other than English (e.g. 'zh-cn'): extensions load their package.nls.<locale>.json and
 * l10n bundles, `vscode.env.language` is the locale (see installStubLanguagePack).
 */
export async function startCodeServer({ folder, env = {}, userDataDir, extensionsDir, port, smokeTestDriver = true, settings, workspaceTrust = false, locale } = {}) {
  const paths = await ensureVscodeServer();
  if (!userDataDir) {
    userDataDir = tempDir('user-data');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    const trust = workspaceTrust ? WORKSPACE_TRUST_SETTINGS : {};
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...settings }, null, 2));
  }
  extensionsDir ??= tempDir('extensions');
  if (locale && locale !== 'en') installStubLanguagePack(locale, { userDataDir, extensionsDir });
  const configDir = tempDir('config');
  const configFile = join(configDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const usePort = port ?? (await freePort());
    const args = codeServerArgs({ paths, port: usePort, userDataDir, extensionsDir, configFile, workspaceTrust, locale: locale && locale !== 'en' ? locale : undefined });
    // Without this option the workbench silently ignores the `payload` query parameter (test mode).
    if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
    if (folder) args.push(folder);
    const proc = spawnTracked(paths.node, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...env,
        PATH: `${paths.nodeBinDir}:${process.env.PATH}`,
        XDG_CONFIG_HOME: configDir, // keep code-server's own files out of the user's home
        // No extension gallery: tests stay on loopback and the workbench logs no failed gallery lookups.
        EXTENSIONS_GALLERY: '{}',
        // A VS Code terminal running us must not leak its IPC hooks into the server.
        VSCODE_IPC_HOOK_CLI: '',
        ELECTRON_RUN_AS_NODE: '',
      },
    });
    const baseUrl = `http://127.0.0.1:${usePort}`;
    const exited = new Promise((r) => proc.child.once('exit', (code, signal) => r({ code, signal })));
    try {
      await Promise.race([
        poll(
          async () => {
            try {
              const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
              return res.ok;
            } catch {
              return false;
            }
          },
          { timeoutMs: 60_000, what: `code-server /healthz on ${baseUrl}` },
        ),
        exited.then(({ code, signal }) => {
          throw new Error(`code-server exited (${code ?? signal}) before it was healthy:\n${proc.output().slice(-3000)}`);
        }),
      ]);
      return { ...proc, port: usePort, baseUrl, userDataDir, extensionsDir, paths };
    } catch (e) {
      lastError = e;
      await proc.stop();
      // Another process may have taken the free port between our probe and code-server's bind: try another one.
      if (port !== undefined || !/EADDRINUSE/.test(String(e.message))) break;
    }
  }
  throw lastError;
}

/** `code-server --install-extension file.vsix` into extensionsDir; throws with its output on failure. */
export async function installVsix(vsix, { extensionsDir, userDataDir }) {
  const paths = await ensureVscodeServer();
  const result = spawnSync(
    paths.node,
    [paths.codeServer, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', env: { ...process.env, PATH: `${paths.nodeBinDir}:${process.env.PATH}`, XDG_CONFIG_HOME: userDataDir }, timeout: 120_000 },
  );
  const out = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/was successfully installed/.test(out)) {
    throw new Error(`installing ${vsix} failed (${result.status ?? result.signal ?? result.error}):\n${out}`);
  }
  return out.trim();
}

// ---- browser -------------------------------------------------------------------------------------------------

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Headless chromium (apt) through playwright-core; closed at cleanup. Never downloads a browser. */
export async function launchBrowser() {
  const paths = await ensureVscodeServer();
  const { chromium } = await import('playwright-core');
  // Our own signal handlers close the browser (after the rest is stopped); playwright's would exit the process first.
  const browser = await chromium.launch({
    executablePath: paths.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onCleanup(() => browser.close().catch(() => {}));
  return browser;
}

/** Lines the workbench logs on its own (not test output); dropped from codeAutomationLog. */
const WORKBENCH_NOISE = [
  /^Resolv(?:ing|ed) connection token/,
  /^Creating a socket \(/,
  /^\[(?:reconnection-grace-time|Service Worker|AgentHost:[^\]]*|AccountPolicyGate)\]/,
  /^Updating additional builtin extensions cache/,
  /^Ignoring fetching additional builtin extensions from gallery/,
  /\b(?:open-vsx\.org|queryRawGalleryExtensions|marketplace\.visualstudio\.com)\b/,
];

export function isWorkbenchNoise(text) {
  return WORKBENCH_NOISE.some((re) => re.test(text));
}
