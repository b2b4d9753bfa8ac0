#!/usr/bin/env node
// The Debian packages this project's tools and tests need, in ONE place, and their installer.
//   node scripts/apt-packages.mjs [--workbench]   installs what is missing (root, or passwordless sudo), or says in
//                                                 one line which packages are missing and the command to run
// `npm test` calls it first (every package below); scripts/ensure-vscode-server.mjs installs the workbench ones.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the real-VS-Code runs need: the browser playwright-core drives, and what code-server's kerberos compiles against. */
export const WORKBENCH_PACKAGES = ['chromium', 'libkrb5-dev'];

/**
 * Every package `npm test` starts or reads, the workbench ones included: supervisord, aria2 and Perl's
 * RPC::XML::Server (real-world servers of the interop stage), curl (the JSON-RPC reference client), debugpy (the
 * Python debug adapter, for Debian's /usr/bin/python3), CJK fonts for the zh-cn screenshots.
 */
export const TEST_PACKAGES = [...WORKBENCH_PACKAGES, 'supervisor', 'aria2', 'librpc-xml-perl', 'curl', 'python3-debugpy', 'python3-websockets', 'openssl', 'fonts-noto-cjk'];

function capture(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: !result.error && result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** The packages of `names` dpkg does not list as installed (all of them on a machine without dpkg). */
export function missingAptPackages(names) {
  return names.filter((name) => {
    const r = capture('dpkg-query', ['-W', '-f=${Status}', name]);
    return !(r.ok && r.out.includes('install ok installed'));
  });
}

/**
 * Installs the missing ones of `names` with apt-get as root or through `sudo -n`; throws one line naming them and the
 * command when it cannot. `log` gets a line before an install.
 */
export function ensureAptPackages(names, log = (line) => console.log(line)) {
  const missing = missingAptPackages(names);
  if (missing.length === 0) return [];
  const command = `sudo apt-get install -y ${missing.join(' ')}`;
  if (!capture('dpkg-query', ['--version']).ok) throw new Error(`missing Debian packages (${missing.join(' ')}) and no dpkg/apt here: install their equivalents (on Debian/Ubuntu: ${command})`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = isRoot ? [] : capture('sudo', ['-n', 'true']).ok ? ['sudo', '-n'] : null;
  if (!prefix) throw new Error(`missing Debian packages (${missing.join(' ')}) and no root or passwordless sudo to install them: run \`${command}\``);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const exec = (args) => {
    const [command, ...rest] = [...prefix, ...args];
    const result = spawnSync(command, rest, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`${[command, ...rest].join(' ')} exited with ${result.status ?? result.signal}`);
  };
  log(`installing Debian packages: ${missing.join(' ')}`);
  exec(['apt-get', 'update']);
  exec(['apt-get', 'install', '-y', ...missing]); // with recommends: chromium needs its fonts for screenshots
  return missing;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const installed = ensureAptPackages(process.argv.includes('--workbench') ? WORKBENCH_PACKAGES : TEST_PACKAGES, (line) => console.log(`[apt-packages] ${line}`));
    console.log(`[apt-packages] ${installed.length ? `installed ${installed.join(' ')}` : 'all there'}`);
  } catch (e) {
    console.error(`[apt-packages] ${e.message}`);
    process.exit(1);
  }
}
