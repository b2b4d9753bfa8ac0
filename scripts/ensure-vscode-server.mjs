#!/usr/bin/env node
// Installs, once per machine, what the real-VS-Code tests need, into a cache outside the checkout so fresh clones
// and CI runs on the same machine reuse it:
//   apt: WORKBENCH_PACKAGES of scripts/apt-packages.mjs — chromium (the browser playwright-core drives) and libkrb5-dev
//        (code-server's kerberos module compiles against it)
//   Node 24 (npm package node@24): code-server 4.139 refuses any other major version
//   code-server@4.139.1, installed with that Node first on PATH and npm_config_nodedir=/usr (its native modules build)
// Each install writes a marker file only after it succeeded and its binary ran, so an interrupted install is redone.
// Cache: $RPC_EXPLORER_CACHE, else $XDG_CACHE_HOME/rpc-explorer, else ~/.cache/rpc-explorer.
//
// CLI: `node scripts/ensure-vscode-server.mjs [--print-env]`; as a module: `await ensureVscodeServer()`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKBENCH_PACKAGES, ensureAptPackages } from './apt-packages.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const CHROMIUM_PATH = process.env.RPC_EXPLORER_CHROMIUM || '/usr/lib/chromium/chromium';

export function cacheDir() {
  if (process.env.RPC_EXPLORER_CACHE) return process.env.RPC_EXPLORER_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'rpc-explorer');
}

/** Where everything lives; nothing here checks that it is installed. */
export function vscodeServerPaths() {
  const cache = cacheDir();
  const nodeDir = join(cache, `node${NODE_MAJOR}`);
  const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  return {
    cache,
    nodeDir,
    nodeBinDir: join(nodeDir, 'node_modules', '.bin'),
    node: join(nodeDir, 'node_modules', '.bin', 'node'),
    codeServerDir,
    codeServer: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: CHROMIUM_PATH,
  };
}

const MARKER = '.installed-ok';

// npm config keys (npm_config_<key> in the environment) that say how this machine reaches the registry: kept for the
// inner installs (audit, fund and update-notifier are off on their command line). Every other npm_config_* is what
// npm exports to a script it runs, and the inner npm would read it back as its own config: npm_config_user_agent
// names the outer Node (20) and code-server's postinstall takes the Node version from it; npm_config_loglevel from
// `npm run --silent` would hide the install's errors.
const REGISTRY_CONFIG_KEYS = new Set([
  'registry', 'proxy', 'https_proxy', 'noproxy', 'cafile', 'ca', 'cert', 'key', 'strict_ssl', 'local_address',
  'cache', 'userconfig', 'globalconfig', 'offline', 'prefer_offline', 'prefer_online', 'maxsockets', 'fetch_timeout',
  'fetch_retries', 'fetch_retry_factor', 'fetch_retry_mintimeout', 'fetch_retry_maxtimeout',
]);

function isRegistryConfig(name) {
  const key = name.slice('npm_config_'.length).toLowerCase().replaceAll('-', '_');
  // `@scope:registry` and per-registry credentials (`//host/:_authToken`) are registry settings too.
  return REGISTRY_CONFIG_KEYS.has(key) || key.endsWith(':registry') || key.startsWith('//');
}

/**
 * env without what npm adds to the environment of a script it runs (`npm start`, `npm test`), so a program spawned
 * from here sees the same environment whether it was started through npm or directly:
 *   dropped  npm_* (npm_config_* except the registry settings above, npm_package_*, npm_lifecycle_*, npm_execpath,
 *            npm_node_execpath, npm_command), INIT_CWD; NODE and COLOR when npm set them (npm_execpath is there);
 *            the node_modules/.bin and node-gyp-bin entries npm puts in front of PATH
 *   kept     everything else: HOME, PATH, proxy variables (HTTP_PROXY…), NODE_EXTRA_CA_CERTS, the registry settings
 */
export function withoutNpmScriptEnv(env = process.env) {
  const underNpm = Boolean(env.npm_execpath || env.npm_lifecycle_event || env.npm_command);
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^npm_config_/i.test(name)) {
      if (isRegistryConfig(name)) clean[name] = value;
      continue;
    }
    if (/^npm_/i.test(name) || name === 'INIT_CWD') continue;
    if (underNpm && (name === 'NODE' || name === 'COLOR')) continue;
    clean[name] = value;
  }
  if (underNpm && clean.PATH) {
    const entries = clean.PATH.split(':');
    let first = 0;
    while (first < entries.length && /\/node_modules\/\.bin\/?$|\/node-gyp-bin\/?$/.test(entries[first])) first++;
    clean.PATH = entries.slice(first).join(':');
  }
  return clean;
}

/** Replaces process.env by withoutNpmScriptEnv(process.env): for the scripts npm runs (start, test). */
export function dropNpmScriptEnv() {
  const clean = withoutNpmScriptEnv(process.env);
  for (const name of Object.keys(process.env)) if (!(name in clean)) delete process.env[name];
  Object.assign(process.env, clean);
}

function log(message) {
  process.stderr.write(`[ensure-vscode-server] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result;
}

function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return { ok: !result.error && result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function ensureWorkbenchPackages() {
  // chromium counts as there when its binary is (a machine may have it from elsewhere); the list lives in apt-packages.mjs.
  const wanted = WORKBENCH_PACKAGES.filter((name) => name !== 'chromium' || !existsSync(CHROMIUM_PATH));
  ensureAptPackages(wanted, log);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium installed but ${CHROMIUM_PATH} is missing (set RPC_EXPLORER_CHROMIUM)`);
}

/** One installer at a time per cache (mkdir is atomic); a lock whose owner died is taken over. */
async function withLock(cache, fn) {
  mkdirSync(cache, { recursive: true });
  const lock = join(cache, '.install.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = 0;
      try { owner = Number(readFileSync(join(lock, 'pid'), 'utf8')); } catch { /* being written */ }
      const alive = owner > 0 && (() => { try { process.kill(owner, 0); return true; } catch { return false; } })();
      const age = (() => { try { return Date.now() - statSync(lock).mtimeMs; } catch { return 0; } })();
      if (!alive && (owner > 0 || age > 10_000)) { rmSync(lock, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`another install holds ${lock} for too long`, { cause: e });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** npmInstall's environment: a clean npm environment (withoutNpmScriptEnv), extra on top. */
function npmInstallEnv(extra = {}) {
  return { ...withoutNpmScriptEnv(process.env), ...extra };
}

function npmInstall(prefix, spec, env) {
  rmSync(prefix, { recursive: true, force: true }); // no marker: whatever is there is a failed attempt
  mkdirSync(prefix, { recursive: true });
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-update-notifier', '--prefix', prefix, spec], { env });
}

function ensureNode(paths) {
  const marker = join(paths.nodeDir, MARKER);
  if (existsSync(marker) && existsSync(paths.node)) return;
  log(`installing node@${NODE_MAJOR} into ${paths.nodeDir}`);
  npmInstall(paths.nodeDir, `node@${NODE_MAJOR}`, npmInstallEnv());
  const version = capture(paths.node, ['--version']);
  if (!version.ok || !version.out.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`node@${NODE_MAJOR} install is broken: ${version.out}`);
  writeFileSync(marker, `${version.out}\n`);
}

function ensureCodeServer(paths) {
  const marker = join(paths.codeServerDir, MARKER);
  if (existsSync(marker) && existsSync(paths.codeServer)) return;
  log(`installing code-server@${CODE_SERVER_VERSION} into ${paths.codeServerDir} (compiles native modules, ~2 min)`);
  // The inner npm runs on Node 24 (first on PATH), so the user agent it passes to the postinstall names Node 24.
  const clean = withoutNpmScriptEnv(process.env);
  const env = npmInstallEnv({ PATH: `${paths.nodeBinDir}:${clean.PATH}`, npm_config_nodedir: '/usr' });
  npmInstall(paths.codeServerDir, `code-server@${CODE_SERVER_VERSION}`, env);
  // postinstall (npm install of lib/vscode) must have run and built the native modules the server loads.
  const vscodeDir = join(paths.codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode');
  const sqlite = join(vscodeDir, 'node_modules', '@vscode', 'sqlite3', 'build', 'Release', 'vscode-sqlite3.node');
  if (!existsSync(sqlite)) throw new Error(`code-server postinstall did not build its native modules (${sqlite} missing)`);
  const version = capture(paths.node, [paths.codeServer, '--version'], { env });
  if (!version.ok || !version.out.includes(CODE_SERVER_VERSION)) throw new Error(`code-server does not run: ${version.out}`);
  writeFileSync(marker, `code-server ${CODE_SERVER_VERSION}\n`);
}

/** Makes sure chromium, Node 24 and code-server are installed; returns their paths. */
export async function ensureVscodeServer() {
  const paths = vscodeServerPaths();
  const ready = () =>
    existsSync(CHROMIUM_PATH) &&
    existsSync(join(paths.nodeDir, MARKER)) &&
    existsSync(join(paths.codeServerDir, MARKER));
  if (ready()) return paths;
  const started = Date.now();
  await withLock(paths.cache, async () => {
    ensureWorkbenchPackages();
    ensureNode(paths);
    ensureCodeServer(paths);
  });
  log(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return paths;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureVscodeServer()
    .then((paths) => {
      if (process.argv.includes('--print-env')) {
        process.stdout.write(`RPC_EXPLORER_NODE24=${paths.node}\nRPC_EXPLORER_CODE_SERVER=${paths.codeServer}\n`);
      } else {
        log(`node ${paths.node}\n[ensure-vscode-server] code-server ${paths.codeServer}\n[ensure-vscode-server] chromium ${paths.chromium}`);
      }
    })
    .catch((e) => {
      log(`error: ${e.message}`);
      process.exit(1);
    });
}

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
