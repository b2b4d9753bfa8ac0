#!/usr/bin/env node
// `npm run bench [-- --quick]`: ours side by side with Python's xmlrpc.client, npm xmlrpc and the raw
// fast-xml-parser parse, on this machine, in this run. Every figure is a median of several runs, each
// measurement in a fresh child process; the table shows ratios to the peers measured alongside.
// Writes bench/results.json (the keys of issue #6) and bench/results.details.json (everything else).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeProfile, summariseProfile } from './profile.mjs';
import { benchLoadVsAutocannon } from './load_vs_autocannon.mjs';
import { vscodeServerPaths } from '../scripts/ensure-vscode-server.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const dataDir = path.join(benchDir, '.data');
const quick = process.argv.includes('--quick');
const python = process.env.PYTHON ?? 'python3';
// `--ours-root DIR`: measure "ours" from another checkout (e.g. a proposed patch) against the same peers.
const oursRootArg = process.argv.indexOf('--ours-root');
const oursRoot = oursRootArg > 0 ? path.resolve(process.argv[oursRootArg + 1] ?? '.') : root;
const GENERATOR_VERSION = 1;
// The Node that runs ours and npm xmlrpc in the workers: the extension host's (code-server's Node 24, installed by
// `npm test`), since that is where a user's calls, decodes and parses run; `--node PATH` picks another, and without
// the host's Node this one runs them. Node 20 and Node 24 differ: 20's optimizing compiler takes thousands of calls to
// settle on the same loop, 24's Maglev a few hundred.
const nodeArg = process.argv.indexOf('--node');
const workerNode = nodeArg > 0 ? path.resolve(process.argv[nodeArg + 1]) : fs.existsSync(vscodeServerPaths().node) ? vscodeServerPaths().node : process.execPath;
const workerNodeVersion = spawnSync(workerNode, ['--version'], { encoding: 'utf8' }).stdout.trim();

// Sizes: rounds of fresh processes (interleaved across implementations, so load drifts hit all alike),
// and timed warm runs per process after the cold one whose peak RSS is read.
const SIZES = [
  // 1 MB: ten warm runs of a few milliseconds each, in quick runs too: the decoder's optimized code settles within about
  // three (JIT), and single runs swing ±50% with the load here, against JSON.parse's native steady ~1.3 ms.
  { key: '1MB', mb: 1, rounds: quick ? 2 : 3, runs: 10 },
  { key: '10MB', mb: 10, rounds: quick ? 2 : 3, runs: 1 },
  ...(quick ? [] : [{ key: '50MB', mb: 50, rounds: 3, runs: 1 }]),
];
const DISCOVERY_METHODS = 2000;
const DISCOVERY_ROUNDS = quick ? 1 : 3;
const DISCOVERY_WARM_RUNS = 2; // per process, after the cold first one
const LATENCY_CALLS = 1000;
const LATENCY_ROUNDS = quick ? 1 : 3;
// Timed rounds of LATENCY_CALLS per process (after an untimed one): single rounds swing 3x with the load here.
const LATENCY_RUNS = quick ? 3 : 5;
const PAYLOAD_RSS_TARGET = 4; // peak memory decoding 50 MB ≤ 4× the payload
const FXP_OVERHEAD_TARGET = 1.25;
const JSON_PARSE_PER_BYTE_TARGET = 0.75; // issue #17: XML-RPC decode per input byte vs V8's JSON.parse on the same data // our conversion on top of fast-xml-parser ≤ 1.25× the raw parse
const BUNDLE_TARGET_BYTES = 120 * 1024; // issue #17: the main bundle; features are chunks loaded on first use
const ACTIVATION_TARGET_MS = 50;
const ACTIVATION_OWN_TARGET_MS = 15; // issue #17: ours − a do-nothing control, in the real host
const roundsArg = process.argv.indexOf('--activation-rounds'); // 0 skips the activation figure
// Three rounds in --quick too: single samples in one run range from 9 to 99 ms (the host's own start-up varies).
const ACTIVATION_ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : quick ? 3 : 7;
const COMPLETION_TARGET_MS = 50; // issue #17: completion in a .rpc file
const NON_SERVER_FILE_TARGET_MS = 5; // issue #17: host time of a Python file that serves no RPC
// A call as users see it (issue #10): command → outcome on screen, in code-server's extension host.
const UI_CALL_ROUNDS = quick ? 30 : 60;
const UI_CALL_TARGET_MS = 10;
const FIRST_CALL_TARGET_MS = 1000; // issue #17: the first call after the window opens, on screen
/** The call form: a 50-parameter nested OpenRPC method open to interactive; Send → result at most this above ui.call_ms. */
const UI_FORM_OPEN_TARGET_MS = 150;
const UI_FORM_CALL_MARGIN_MS = 5;
const RESULT_IN_VS_WIRE_TARGET_MS = 1; // the panel's "Result in" is the request's own time
// Request files: a 5,000-call .rpc file parsed (src/requestFiles/parser.ts), fresh processes × timed runs.
const PARSE_CALLS = 5000;
const PARSE_ROUNDS = quick ? 2 : 3;
const PARSE_RUNS = quick ? 5 : 10;
const PARSE_TARGET_MS = 50;

const log = (line) => process.stderr.write(line + '\n');
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, digits = 2) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);

/** Runs a command that prints one JSON line; resolves with it, or with {error} (never rejects). */
function runJson(command, args, { timeoutMs = 600_000, cwd = benchDir } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ error: `${command}: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop();
      try {
        const parsed = JSON.parse(last);
        resolve(parsed);
      } catch {
        const why = signal ? `killed by ${signal}` : `exit ${code}`;
        resolve({ error: `${path.basename(args[0] ?? command)} ${args[1] ?? ''}: ${why}: ${(err.trim().split('\n').pop() ?? '').slice(0, 200)}` });
      }
    });
  });
}

const nodeWorkerWith = (flags, ...args) =>
  runJson(workerNode, [...flags, '--expose-gc', '--max-old-space-size=8192', path.join(benchDir, 'worker.mjs'), ...args.map(String)]);
const nodeWorker = (...args) => nodeWorkerWith([], ...args);
const pythonBench = (...args) => runJson(python, [path.join(benchDir, 'python_bench.py'), ...args.map(String)]);

/** Starts a server that prints "listening on URL"; resolves {url, stop} or rejects after a deadline. */
function startServer(command, args, deadlineMs = 20_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: benchDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(args[0])} did not print its URL within ${deadlineMs} ms: ${seen.slice(-200)}`));
    }, deadlineMs);
    const onData = (d) => {
      seen += d;
      const m = /listening on (http:\/\/\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({
          url: m[1],
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (seen += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(args[0])} exited (${code}) before listening: ${seen.slice(-200)}`));
    });
  });
}

async function ensureData(size) {
  const file = path.join(dataDir, `response-v${GENERATOR_VERSION}-${size.key}.xml`);
  if (!fs.existsSync(file)) {
    log(`generating ${path.relative(root, file)} with Python's xmlrpc.client.dumps...`);
    const made = await pythonBench('gen', file + '.tmp', size.mb);
    if (made.error) throw new Error(`data generation failed: ${made.error}`);
    fs.renameSync(file + '.tmp', file);
  }
  return file;
}

/** Bundles bench/ours.ts (our decoder, encoder, discovery and call) with esbuild; returns an error text or null. */
async function buildOurs() {
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [path.join(oursRoot, 'bench', 'ours.ts')],
      outfile: path.join(dataDir, 'ours.cjs'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // The map lets bench/profile.mjs attribute profile time to our source files and to each dependency.
      sourcemap: true,
      sourcesContent: false,
      logLevel: 'silent',
    });
    return null;
  } catch (e) {
    return `esbuild: ${String(e.errors?.[0]?.text ?? e.message).split('\n')[0]}`;
  }
}

/** Collects samples of interleaved fresh-process measurements. */
async function measure(label, impls, rounds, run) {
  const samples = Object.fromEntries(impls.map((i) => [i, { times: [], cold: [], rss: [], start: [], errors: [], extra: {} }]));
  for (let r = 0; r < rounds; r++) {
    for (const impl of impls) {
      const out = await run(impl);
      const s = samples[impl];
      if (out.error) {
        s.errors.push(out.error);
        log(`  ${label} ${impl}: ${out.error}`);
        continue;
      }
      s.times.push(...(out.times_ms ?? out.per_call_ms ?? []));
      if (out.cold_ms != null) s.cold.push(out.cold_ms);
      if (out.peak_rss_mb != null) s.rss.push(out.peak_rss_mb);
      if (out.start_rss_mb != null) s.start.push(out.start_rss_mb);
      Object.assign(s.extra, out);
    }
  }
  const summary = {};
  for (const impl of impls) {
    const s = samples[impl];
    summary[impl] = {
      ms: median(s.times),
      cold_ms: median(s.cold),
      rss_mb: median(s.rss),
      start_rss_mb: median(s.start),
      bytes: s.extra.bytes,
      samples: s.times.map((t) => round(t, 3)),
      extra: s.extra,
      error: s.times.length ? undefined : s.errors[0] ?? 'no sample',
    };
  }
  return summary;
}

async function benchDecode(files) {
  const out = {};
  for (const size of SIZES) {
    log(`decode ${size.key}: ${size.rounds} rounds × (cold + ${size.runs} runs) per implementation...`);
    const file = files[size.key];
    out[size.key] = await measure(`decode ${size.key}`, ['python', 'ours', 'npm', 'fxp', 'json'], size.rounds, (impl) =>
      impl === 'python' ? pythonBench('decode', file, size.runs) : nodeWorker('decode', impl, file, size.runs),
    );
  }
  return out;
}

async function benchEncode(files) {
  const out = {};
  for (const size of SIZES) {
    log(`encode ${size.key}...`);
    const file = files[size.key];
    const runs = Math.max(size.runs, quick ? 1 : 2);
    out[size.key] = await measure(`encode ${size.key}`, ['python', 'ours', 'npm'], size.rounds, (impl) =>
      impl === 'python' ? pythonBench('encode', file, runs) : nodeWorker('encode', impl, file, runs),
    );
  }
  return out;
}

async function benchNetwork() {
  log(`starting the Python SimpleXMLRPCServer (${DISCOVERY_METHODS} documented methods) and the fixed-response Node server...`);
  const pyServer = await startServer(python, [path.join(benchDir, 'python_bench.py'), 'server', String(DISCOVERY_METHODS)]);
  let fixed;
  try {
    fixed = await startServer(process.execPath, [path.join(benchDir, 'fixed_server.mjs')]);
    log('discovery...');
    const discovery = await measure('discovery', ['python', 'ours'], DISCOVERY_ROUNDS, (impl) =>
      impl === 'python'
        ? pythonBench('discovery', pyServer.url, DISCOVERY_WARM_RUNS)
        : nodeWorker('discovery', 'ours', pyServer.url, DISCOVERY_WARM_RUNS),
    );
    log('size cap: a call answered by an endless chunked methodResponse...');
    const cap = await nodeWorker('cap', 'ours', new URL('oversized', fixed.url).toString());
    const latency = await latencyAgainst(pyServer, fixed);
    return { discovery, latency, cap };
  } finally {
    await pyServer.stop();
    await fixed?.stop();
  }
}

/** Sequential small calls against both servers, ours, Python's ServerProxy and npm xmlrpc interleaved. */
async function latencyAgainst(pyServer, fixed) {
  const latency = {};
  for (const [name, server] of [
    ['python_server', pyServer],
    ['node_server', fixed],
  ]) {
    log(`latency: ${LATENCY_CALLS} sequential calls against the ${name.replace('_', ' ')}...`);
    latency[name] = await measure(`latency ${name}`, ['python', 'ours', 'npm'], LATENCY_ROUNDS, (impl) =>
      impl === 'python'
        ? pythonBench('latency', server.url, LATENCY_CALLS, LATENCY_RUNS)
        : nodeWorker('latency', impl, server.url, LATENCY_CALLS, LATENCY_RUNS),
    );
  }
  return latency;
}

/** ui.first_call_workbench (bench/first_call_workbench.mjs): the real workbench, this checkout's dist/. */
async function benchFirstCall() {
  const { measureFirstCallInWorkbench } = await import('./first_call_workbench.mjs');
  let server;
  try {
    server = await startServer(python, [path.join(benchDir, 'python_bench.py'), 'server', '10']);
    return { ...(await measureFirstCallInWorkbench({ serverUrl: server.url, log })), loadavg: os.loadavg().map((x) => round(x)) };
  } catch (e) {
    return { error: String(e?.message ?? e).split('\n')[0] };
  } finally {
    await server?.stop();
  }
}

/** `--only-latency`: the latency figure with its own two servers. */
async function benchLatency() {
  const pyServer = await startServer(python, [path.join(benchDir, 'python_bench.py'), 'server', String(DISCOVERY_METHODS)]);
  let fixed;
  try {
    fixed = await startServer(process.execPath, [path.join(benchDir, 'fixed_server.mjs')]);
    return await latencyAgainst(pyServer, fixed);
  } finally {
    await pyServer.stop();
    await fixed?.stop();
  }
}

// WebSocket (issue #18): a call over a kept WebSocket against HTTP keep-alive to one server, and a notification burst.
const WS_LATENCY_CALLS = 1000;
const WS_LATENCY_ROUNDS = quick ? 1 : 3;
const WS_LATENCY_RUNS = quick ? 3 : 5;
const BURST_RATE = 2000;
const BURST_SECONDS = 10;

/**
 * JSON-RPC over WebSocket against HTTP keep-alive (bench/ws_server.mjs serves both on one port), and
 * notifications.burst: 2,000 notifications/s for 10 s into the Notifications view's store, counting the 60 Hz
 * frames the receiving thread missed and its longest stall (bench/worker.mjs `burst`).
 */
async function benchWebSocket() {
  log('websocket: the JSON-RPC server of bench/ws_server.mjs (HTTP and WebSocket on one port)...');
  const server = await startServer(process.execPath, [path.join(benchDir, 'ws_server.mjs')]);
  try {
    log(`websocket latency: ${WS_LATENCY_CALLS} sequential calls, WebSocket vs HTTP keep-alive...`);
    const samples = { websocket: [], http: [] };
    const errors = [];
    for (let r = 0; r < WS_LATENCY_ROUNDS; r++) {
      const out = await nodeWorker('wslatency', 'ours', server.url, WS_LATENCY_CALLS, WS_LATENCY_RUNS);
      if (out.error) errors.push(out.error);
      else for (const name of ['websocket', 'http']) samples[name].push(...out[`${name}_per_call_ms`]);
    }
    log(`notifications.burst: ${BURST_RATE}/s for ${BURST_SECONDS} s...`);
    const burst = await nodeWorker('burst', 'ours', server.url, BURST_RATE, BURST_SECONDS);
    const workbench = await benchWorkbenchBurst(server);
    return {
      latency: { websocket_ms: median(samples.websocket), http_keepalive_ms: median(samples.http), samples, error: errors[0] },
      burst,
      workbench,
    };
  } finally {
    await server.stop();
  }
}

/**
 * notifications.burst_workbench: the same burst into the real workbench (bench/workbench_burst.mjs): frames the
 * renderer missed, its longest stall, and a call's time to the panel during the burst against before it.
 */
async function benchWorkbenchBurst(server) {
  if (process.argv.includes('--no-ui')) return { error: 'skipped (--no-ui)' };
  log(`notifications.burst_workbench: ${BURST_RATE}/s for ${BURST_SECONDS} s into the Notifications view of code-server...`);
  const { measureWorkbenchBurst } = await import('./workbench_burst.mjs');
  const loadBefore = os.loadavg().map((x) => round(x));
  const figures = await measureWorkbenchBurst({ wsUrl: server.url.replace(/^http/, 'ws'), rate: BURST_RATE, seconds: BURST_SECONDS, log });
  if (figures.error) log(`  not measured: ${figures.error}`);
  return { ...figures, loadavg_before: loadBefore, loadavg_after: os.loadavg().map((x) => round(x)) };
}

/** The request-file parser on a 5,000-call file with references (bench/worker.mjs `parse`). */
async function benchParse() {
  log(`request file: parsing a ${PARSE_CALLS.toLocaleString('en')}-call .rpc file (${PARSE_ROUNDS} processes × ${PARSE_RUNS} runs)...`);
  const out = await measure('requestFile parse', ['ours'], PARSE_ROUNDS, () => nodeWorker('parse', 'ours', PARSE_CALLS, PARSE_RUNS));
  return out.ours;
}

/** `node esbuild.js --production` in a scratch copy of the sources, so dist/ of the working tree is untouched. */
function bundleSize() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-bundle-'));
  try {
    for (const name of ['esbuild.js', 'package.json', 'tsconfig.json']) fs.copyFileSync(path.join(oursRoot, name), path.join(scratch, name));
    fs.cpSync(path.join(oursRoot, 'src'), path.join(scratch, 'src'), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
    const built = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: scratch, encoding: 'utf8', timeout: 120_000 });
    const bundle = path.join(scratch, 'dist', 'extension.js');
    if (!fs.existsSync(bundle)) {
      const why = `${built.stdout}\n${built.stderr}`.split('\n').find((l) => /error/i.test(l)) ?? `exit ${built.status}`;
      return { bytes: null, error: `production build failed: ${why.trim().slice(0, 200)}` };
    }
    return { bytes: fs.statSync(bundle).size, error: built.status === 0 ? undefined : 'production build reported errors (extension.js was written)' };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Activation time as the real extension host measured it: the integration suite's test/suite/activation.test.ts
 * times `extension.activate()` in code-server's extension host and writes test-results/activation.json (every
 * `npm test` refreshes it; `RPC_EXPLORER_TEST_GREP='Activation time' node test/runCodeServer.mjs` runs just that).
 * Never measured here with a fake context: an activation outside the host is not the number users get.
 */
function activationTime() {
  const file = path.join(root, 'test-results', 'activation.json');
  if (!fs.existsSync(file)) {
    return {
      ms: null,
      error: 'not measured: no test-results/activation.json — run the integration suite (npm test) first; it times activate() in the real extension host',
    };
  }
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof record.activation_ms !== 'number') return { ms: null, error: `not measured: ${record.note ?? 'no activation_ms in ' + path.relative(root, file)}` };
    const stale = fs.statSync(path.join(root, 'dist', 'extension.js'), { throwIfNoEntry: false });
    return {
      ms: record.activation_ms,
      source: path.relative(root, file),
      at: record.at ?? new Date(fs.statSync(file).mtimeMs).toISOString(),
      host: record.host,
      note: stale && stale.mtimeMs > fs.statSync(file).mtimeMs + 1000 ? 'dist/extension.js was rebuilt after this measurement' : undefined,
    };
  } catch (e) {
    return { ms: null, error: `not measured: cannot read ${path.relative(root, file)}: ${e.message}` };
  }
}

/**
 * A scratch copy for running one integration-suite file alone in code-server (test/runCodeServer.mjs): our sources
 * built as the production bundle, the harness, bench/'s servers, and out/test/suite holding only the suite's index and
 * `testName` (bundled), so nothing else runs or activates the extension first. Resolves {scratch, bundle} or {error}.
 */
async function hostScratch(label, testName) {
  if (!fs.existsSync(path.join(root, 'test', 'runCodeServer.mjs'))) return { error: 'test/runCodeServer.mjs is missing' };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `rpc-explorer-${label}-`));
  const fail = (error) => {
    fs.rmSync(scratch, { recursive: true, force: true });
    return { error };
  };
  try {
    for (const name of ['esbuild.js', 'package.json', 'tsconfig.json']) fs.copyFileSync(path.join(oursRoot, name), path.join(scratch, name));
    for (const dir of ['src', 'examples', 'media']) {
      if (fs.existsSync(path.join(oursRoot, dir))) fs.cpSync(path.join(oursRoot, dir), path.join(scratch, dir), { recursive: true });
    }
    fs.cpSync(path.join(root, 'test', 'harness'), path.join(scratch, 'test', 'harness'), { recursive: true });
    fs.cpSync(path.join(root, 'scripts'), path.join(scratch, 'scripts'), { recursive: true });
    fs.copyFileSync(path.join(root, 'test', 'runCodeServer.mjs'), path.join(scratch, 'test', 'runCodeServer.mjs'));
    fs.mkdirSync(path.join(scratch, 'bench'));
    for (const name of ['python_bench.py', 'fixed_server.mjs']) fs.copyFileSync(path.join(benchDir, name), path.join(scratch, 'bench', name));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
    const built = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: scratch, encoding: 'utf8', timeout: 120_000 });
    const bundle = path.join(scratch, 'dist', 'extension.js');
    if (!fs.existsSync(bundle)) return fail(`production build failed (exit ${built.status})`);
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: {
        index: path.join(root, 'test', 'suite', 'index.ts'),
        [testName]: path.join(root, 'test', 'suite', `${testName}.ts`),
      },
      outdir: path.join(scratch, 'out', 'test', 'suite'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
      logLevel: 'silent',
    });
    return { scratch, bundle };
  } catch (e) {
    return fail(`${label}: cannot prepare the scratch copy: ${String(e?.errors?.[0]?.text ?? e?.message ?? e).split('\n')[0]}`);
  }
}

/**
 * Runs the integration tests compiled into a hostScratch copy in code-server (test/runCodeServer.mjs) and reads the
 * record they write under test-results/: {record} or {error} with the run's first error line.
 */
function hostTestRecord(scratch, recordName, { env = {}, timeoutS = 120 } = {}) {
  const file = path.join(scratch, 'test-results', `${recordName}.json`);
  fs.rmSync(file, { force: true });
  const run = spawnSync(process.execPath, ['test/runCodeServer.mjs', '--timeout', String(timeoutS)], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: (timeoutS + 80) * 1000,
    env: { ...process.env, RPC_EXPLORER_TEST_GREP: '', ...env },
  });
  try {
    return { record: JSON.parse(fs.readFileSync(file, 'utf8')) };
  } catch {
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    const line = output.split('\n').find((l) => /AssertionError|run failed|failed:|Error:/.test(l)) ?? output.trim().split('\n').pop();
    return { error: `no ${recordName} record (exit ${run.status ?? run.signal ?? run.error?.code}): ${line?.trim().slice(0, 200)}` };
  }
}

/**
 * Activation measured here, in the real extension host (full runs): test/suite/activation.test.ts runs alone in
 * code-server (test/runCodeServer.mjs) from a scratch copy, alternately with our production bundle and with a
 * do-nothing control bundle under the same manifest, so the host's own activation overhead (the same for any
 * extension, and large on a loaded 2-core box) shows apart from ours.
 */
async function activationInHost(rounds) {
  const prepared = await hostScratch('activation', 'activation.test');
  if (prepared.error) return { error: prepared.error };
  const { scratch, bundle } = prepared;
  try {
    const oursBundle = fs.readFileSync(bundle);
    const controlBundle = '// Do-nothing control: the host activation overhead without our code.\nexports.activate = () => ({});\nexports.deactivate = () => {};\n';
    const samples = { ours: [], control: [], ours_cpu: [], control_cpu: [], quiet_wait_ms: [] };
    let host;
    let lastError;
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first, so a drift in load or a warm disk cache favours neither.
      for (const variant of r % 2 === 0 ? ['ours', 'control'] : ['control', 'ours']) {
        fs.writeFileSync(bundle, variant === 'ours' ? oursBundle : controlBundle);
        // The test waits for a quiet machine before it times activate() (npm test, busy by design, does not).
        const run = hostTestRecord(scratch, 'activation', { env: { RPC_EXPLORER_BENCH_ACTIVATION: '1' } });
        if (run.record) {
          const rec = run.record;
          if (typeof rec.activation_ms === 'number') samples[variant].push(rec.activation_ms);
          if (typeof rec.activation_cpu_ms === 'number') samples[`${variant}_cpu`].push(rec.activation_cpu_ms);
          if (typeof rec.machine_quiet?.waited_ms === 'number') samples.quiet_wait_ms.push(rec.machine_quiet.waited_ms);
          host = rec.host;
        } else {
          lastError = `${variant}: ${run.error}`;
          log(`  activation ${lastError}`);
          if (samples.ours.length + samples.control.length === 0) return { error: lastError }; // the harness does not run here: stop
        }
      }
    }
    if (samples.ours.length === 0) return { error: lastError ?? 'no activation measured' };
    const ours = median(samples.ours);
    const control = median(samples.control);
    return {
      ms: ours,
      control_ms: control,
      ours_minus_control_ms: control == null ? null : ours - control,
      cpu_ms: median(samples.ours_cpu),
      control_cpu_ms: median(samples.control_cpu),
      ours_minus_control_cpu_ms: median(samples.ours_cpu) == null || median(samples.control_cpu) == null ? null : median(samples.ours_cpu) - median(samples.control_cpu),
      samples,
      host,
      at: new Date().toISOString(),
      source: 'measured in this run (production bundle vs do-nothing control, same manifest)',
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * What a file that serves no RPC costs the extension host (issue #17): test/suite/nonServerFiles.test.ts runs alone in
 * code-server from a scratch copy (production bundle), opening 20 Python files without a server and 20 text files
 * (the control). Resolves its record {non_server_file_ms, python_ms, control_text_ms, …} or {error}.
 */
async function nonServerFilesInHost() {
  const prepared = await hostScratch('non-server', 'nonServerFiles.test');
  if (prepared.error) return { error: prepared.error };
  const { scratch } = prepared;
  try {
    const run = hostTestRecord(scratch, 'non-server-files', { timeoutS: 160 });
    return run.error ? { error: run.error } : { ...run.record, source: 'measured in this run (test/suite/nonServerFiles.test.ts in code-server)' };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * A call as users see it, in the real extension host: test/suite/callTiming.test.ts runs alone in code-server from a
 * scratch copy (production bundle) and times the documented command `rpcExplorer.callMethod` until the result panel's
 * webview has put the outcome on screen, next to the panel's "Result in" and the same request through the core alone
 * (the wire time), against the latency figure's two loopback servers. Resolves its record or {error}.
 */
async function callTimingInHost(rounds) {
  const prepared = await hostScratch('call-timing', 'callTiming.test');
  if (prepared.error) return { error: prepared.error };
  const { scratch } = prepared;
  try {
    let why;
    // A loaded machine can make the harness itself time out (the workbench page not loaded in time): try again then.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const run = hostTestRecord(scratch, 'call-timing', {
        timeoutS: 400,
        env: {
          ...{ RPC_EXPLORER_BENCH_CALL_TIMING: '1', RPC_EXPLORER_BENCH_CALL_ROUNDS: String(rounds), PYTHON: python },
          // `--control-first`: a do-nothing webview opens before the first call (the workbench's first webview, alone).
          ...(process.argv.includes('--control-first') ? { RPC_EXPLORER_BENCH_CONTROL_FIRST: '1' } : {}),
        },
      });
      if (run.record) return { ...run.record, attempts: attempt, source: 'measured in this run (test/suite/callTiming.test.ts in code-server)' };
      why = run.error;
      log(`  ui attempt ${attempt}: ${why}`);
    }
    return { error: why };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * requestFile.completion_ms measured here (full runs): the request-file completion test of test/suite/requestFiles.test.ts
 * runs alone in code-server from a scratch copy (production bundle) and records its samples. Resolves the figure as
 * recordedFigure does, or {ms: null, error}.
 */
async function completionInHost() {
  const prepared = await hostScratch('completion', 'requestFiles.test');
  if (prepared.error) return { ms: null, error: prepared.error };
  const { scratch } = prepared;
  try {
    // The suite's example servers look for the repository by its test/fixtures.
    fs.cpSync(path.join(root, 'test', 'fixtures'), path.join(scratch, 'test', 'fixtures'), { recursive: true });
    const run = hostTestRecord(scratch, 'completion', { env: { RPC_EXPLORER_TEST_GREP: 'completion offers the discovered methods' } });
    if (run.error) return { ms: null, error: run.error };
    const samples = run.record.samples_ms.filter((x) => typeof x === 'number');
    return { ms: median(samples), samples, cold_ms: run.record.cold_ms, source: `measured in this run, median of ${samples.length} after ${run.record.cold_ms?.length ?? 0} cold`, at: run.record.at, host: run.record.host };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** requestFile.completion_ms: measured in code-server by this run, else the figure the last npm test recorded. */
async function completionFigure() {
  const fromTests = () => recordedFigure('requestFile.completion_ms', 'the request-file completion integration test records it (npm test)');
  if (process.argv.includes('--no-ui')) return fromTests();
  log('requestFile.completion_ms: completion in a .rpc file, in code-server\'s extension host...');
  const measured = await completionInHost();
  if (measured.ms != null) return measured;
  log(`  not measured here (${measured.error}); reading test-results/`);
  return fromTests();
}

/**
 * A figure another integration test records under test-results/: the newest *.json whose `key` names `fullKey`
 * (e.g. "server.restart_ms") with `samples_ms` (the median is taken) or a number under the key's last part
 * (`restart_ms`). Resolves {ms, source, at, samples} or {ms: null, error}.
 */
function recordedFigure(fullKey, what) {
  const dir = path.join(root, 'test-results');
  const field = fullKey.split('.').pop();
  const found = [];
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!name.endsWith('.json')) continue;
    const full = path.join(dir, name);
    try {
      const record = JSON.parse(fs.readFileSync(full, 'utf8'));
      if (record?.key !== fullKey && typeof record?.[field] !== 'number') continue;
      found.push({ name, record, mtimeMs: fs.statSync(full).mtimeMs });
    } catch {
      // Not a JSON record (or being written): not ours to read.
    }
  }
  if (found.length === 0) return { ms: null, error: `not measured: no record of ${fullKey} in test-results/ — ${what}` };
  const { name, record, mtimeMs } = found.sort((x, y) => y.mtimeMs - x.mtimeMs)[0];
  const samples = Array.isArray(record.samples_ms) ? record.samples_ms.filter((x) => typeof x === 'number') : undefined;
  const ms = typeof record[field] === 'number' ? record[field] : median(samples ?? []);
  if (ms == null) return { ms: null, error: `not measured: test-results/${name} holds no ${field} nor samples_ms` };
  const stale = fs.statSync(path.join(root, 'dist', 'extension.js'), { throwIfNoEntry: false });
  return {
    ms,
    samples,
    source: `test-results/${name}${samples ? `, median of ${samples.length}` : ''}`,
    at: record.at ?? new Date(mtimeMs).toISOString(),
    host: record.host,
    note: stale && stale.mtimeMs > mtimeMs + 1000 ? 'dist/extension.js was rebuilt after this measurement' : undefined,
  };
}

/**
 * For each missed target with a Node-side cause, a CPU profile of ours doing that work (node --cpu-prof), summarised
 * by owner (our source files, fast-xml-parser, Node internals, GC, idle) and hottest functions.
 */
async function profileMisses(checks, files) {
  const missed = (re) => checks.some((c) => c.status === 'MISS' && re.test(c.target));
  const largest = SIZES[SIZES.length - 1].key;
  const jobs = [];
  if (missed(/^decode/)) jobs.push({ name: `decode-${largest}`, args: ['decode', 'ours', files[largest], 1] });
  if (missed(/^encode/)) jobs.push({ name: `encode-${largest}`, args: ['encode', 'ours', files[largest], 2] });
  const needPython = missed(/^discovery|^latency vs Python/);
  const needFixed = missed(/^latency vs fixed/);
  if (jobs.length === 0 && !needPython && !needFixed) return [];
  log('profiling the misses (node --cpu-prof)...');
  const servers = {};
  try {
    if (needPython) servers.python = await startServer(python, [path.join(benchDir, 'python_bench.py'), 'server', String(DISCOVERY_METHODS)]);
    if (needFixed) servers.fixed = await startServer(process.execPath, [path.join(benchDir, 'fixed_server.mjs')]);
    if (missed(/^discovery/)) jobs.push({ name: 'discovery', args: ['discovery', 'ours', servers.python.url, DISCOVERY_WARM_RUNS] });
    if (missed(/^latency vs Python/)) jobs.push({ name: 'latency-python-server', args: ['latency', 'ours', servers.python.url, LATENCY_CALLS, 1] });
    if (needFixed) jobs.push({ name: 'latency-node-server', args: ['latency', 'ours', servers.fixed.url, LATENCY_CALLS, 1] });
    const out = [];
    for (const job of jobs) {
      const dir = path.join(dataDir, 'profiles', job.name);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const result = await nodeWorkerWith(['--cpu-prof', `--cpu-prof-dir=${dir}`], ...job.args);
      const summary = result.error ? null : summariseProfile(dir, root);
      out.push({ name: job.name, profile: summary ? path.relative(root, summary.file) : null, error: result.error, summary });
    }
    return out;
  } finally {
    for (const server of Object.values(servers)) await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------- report

const fmtMs = (x) => (x == null ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtX = (x) => (x == null ? '—' : `${x.toFixed(2)}×`);
const fmtMb = (x) => (x == null ? '—' : x.toFixed(0));
const mbps = (bytes, ms) => (bytes == null || ms == null ? null : bytes / 1048576 / (ms / 1000));

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

/** The Extension table (bundle, activation, files that serve no RPC) and its checks; `check(name, pass, measured)`. */
function extensionSection(extension, check) {
  const a = extension.activation;
  const ns = extension.nonServer ?? { error: 'not measured' };
  const activationSource = a.control_ms != null ? `median of ${a.samples.ours.length} round(s) in this run` : a.ms != null ? `reused from the last npm test (${a.source}, ${a.at}): no control measured` : a.error;
  const lines = ['Extension', table(['measure', 'value', 'target'], [
    ['dist/extension.js (node esbuild.js --production)', extension.bundle.bytes == null ? extension.bundle.error : `${(extension.bundle.bytes / 1024).toFixed(1)} KB`, `≤ ${BUNDLE_TARGET_BYTES / 1024} KB`],
    ['activation in the real extension host (ours)', a.ms == null ? 'not measured' : `${fmtMs(a.ms)} ms (${activationSource})`, `< ${ACTIVATION_TARGET_MS} ms`],
    ...(a.control_ms != null
      ? [
          ['activation of a do-nothing control, same manifest and host', `${fmtMs(a.control_ms)} ms`, ''],
          [
            'activation attributable to our code (ours − control), each timed once the machine is quiet (under 15 % of its CPU busy for 0.5 s)',
            `${fmtMs(a.ours_minus_control_ms)} ms (samples: ours ${a.samples.ours.map(fmtMs).join(', ')}; control ${a.samples.control.map(fmtMs).join(', ')})${a.samples.quiet_wait_ms?.length ? `; waited for quiet ${fmtMs(median(a.samples.quiet_wait_ms) / 1000)} s (median)` : ''}`,
            `≤ ${ACTIVATION_OWN_TARGET_MS} ms`,
          ],
          [
            'the same in host CPU time (user + system across activate(): what the host did, not its waits for a core)',
            a.ours_minus_control_cpu_ms == null ? 'not recorded' : `${fmtMs(a.ours_minus_control_cpu_ms)} ms = ${fmtMs(a.cpu_ms)} ms ours − ${fmtMs(a.control_cpu_ms)} ms control (samples: ours ${a.samples.ours_cpu.map(fmtMs).join(', ')}; control ${a.samples.control_cpu.map(fmtMs).join(', ')})`,
            `≤ ${ACTIVATION_OWN_TARGET_MS} ms`,
          ],
        ]
      : []),
    [
      'activation.non_server_file_ms: host CPU to open a Python file that serves no RPC and answer its code lenses, minus a text file (median of 20)',
      ns.non_server_file_ms == null ? ns.error : `${fmtMs(ns.non_server_file_ms)} ms (Python ${fmtMs(ns.python_ms)} ms, text ${fmtMs(ns.control_text_ms)} ms); the first file of the session ${fmtMs(ns.first_file_ms)} ms`,
      `≤ ${NON_SERVER_FILE_TARGET_MS} ms`,
    ],
  ])];
  check(`bundle ≤ ${BUNDLE_TARGET_BYTES / 1024} KB minified (dist/extension.js; features are chunks)`, extension.bundle.bytes == null ? null : extension.bundle.bytes <= BUNDLE_TARGET_BYTES,
    extension.bundle.bytes == null ? extension.bundle.error : `${(extension.bundle.bytes / 1024).toFixed(1)} KB (${fmtX(extension.bundle.bytes / BUNDLE_TARGET_BYTES)} the budget)`);
  check(`activation attributable to our code (ours − do-nothing control) ≤ ${ACTIVATION_OWN_TARGET_MS} ms`, a.control_ms == null ? null : a.ours_minus_control_ms <= ACTIVATION_OWN_TARGET_MS,
    a.control_ms == null
      ? `no control measured; ${a.ms == null ? a.error : `ours ${fmtMs(a.ms)} ms ${activationSource}`}`
      : `${fmtMs(a.ours_minus_control_ms)} ms = ${fmtMs(a.ms)} ms ours − ${fmtMs(a.control_ms)} ms control (medians of ${a.samples.ours.length}; ${fmtX(a.ours_minus_control_ms / ACTIVATION_OWN_TARGET_MS)} the target)`);
  check(`activation attributable to our code in host CPU time (ours − control) ≤ ${ACTIVATION_OWN_TARGET_MS} ms`, a.ours_minus_control_cpu_ms == null ? null : a.ours_minus_control_cpu_ms <= ACTIVATION_OWN_TARGET_MS,
    a.ours_minus_control_cpu_ms == null ? 'not recorded' : `${fmtMs(a.ours_minus_control_cpu_ms)} ms = ${fmtMs(a.cpu_ms)} ms ours − ${fmtMs(a.control_cpu_ms)} ms control (medians of ${a.samples.ours_cpu.length}; ${fmtX(a.ours_minus_control_cpu_ms / ACTIVATION_OWN_TARGET_MS)} the target)`);
  check(`activation < ${ACTIVATION_TARGET_MS} ms (absolute, as the host reports activate())`, a.ms == null ? null : a.ms < ACTIVATION_TARGET_MS,
    a.ms == null ? a.error : `${fmtMs(a.ms)} ms (${a.host ?? 'extension host'}, ${a.at}${a.note ? '; ' + a.note : ''})`);
  check(`activation.non_server_file_ms: a file that serves no RPC ≤ ${NON_SERVER_FILE_TARGET_MS} ms of host time`, ns.non_server_file_ms == null ? null : ns.non_server_file_ms <= NON_SERVER_FILE_TARGET_MS,
    ns.non_server_file_ms == null ? `not measured: ${ns.error}` : `${fmtMs(ns.non_server_file_ms)} ms (Python ${fmtMs(ns.python_ms)} − text ${fmtMs(ns.control_text_ms)}, medians of 20; the first file ${fmtMs(ns.first_file_ms)} ms; load ${ns.loadavg?.join(' ')})`);
  // Recorded beside it, no target: the first such file of a session (a median hides what loads once).
  check.recorded?.(`activation.non_server_file_ms, the first such file of the session (no target)`, ns.first_file_ms == null ? `not measured: ${ns.error ?? 'no first-file figure'}` : `${fmtMs(ns.first_file_ms)} ms`);
  return lines;
}

/** The extension's figures (issue #17): bundle, activation ours vs control in the host, files that serve no RPC. */
async function benchExtension() {
  let activation = { error: 'skipped (--no-activation)' };
  if (!process.argv.includes('--no-activation') && ACTIVATION_ROUNDS > 0) {
    log(`activation: ${ACTIVATION_ROUNDS} round(s) of the activation test in code-server, ours vs a do-nothing control...`);
    activation = await activationInHost(ACTIVATION_ROUNDS);
    if (activation.error) log(`  activation not measured here (${activation.error}); reading test-results/activation.json`);
  }
  let nonServer = { error: 'skipped (--no-activation)' };
  if (!process.argv.includes('--no-activation')) {
    log('activation.non_server_file_ms: 20 Python files without a server opened in code-server...');
    nonServer = await nonServerFilesInHost();
    if (nonServer.error) log(`  not measured: ${nonServer.error}`);
  }
  return { bundle: bundleSize(), activation: activation.error ? activationTime() : activation, nonServer };
}

function report(decode, encode, network, extension, user, meta) {
  const lines = [];
  const checks = [];
  const check = (name, pass, measured) => checks.push({ target: name, status: pass === null ? 'NOT MEASURED' : pass ? 'PASS' : 'MISS', measured });
  check.recorded = (name, measured) => checks.push({ target: name, status: 'RECORDED', measured });

  const decodeRows = [];
  for (const size of SIZES) {
    const d = decode[size.key];
    const bytes = d.ours.bytes ?? d.python.bytes ?? d.npm.bytes;
    for (const impl of ['ours', 'python', 'npm', 'fxp', 'json']) {
      const r = d[impl];
      const peakOverPayload = r.rss_mb != null && r.start_rss_mb != null && bytes ? ((r.rss_mb - r.start_rss_mb) * 1048576) / bytes : null;
      decodeRows.push([
        size.key,
        { ours: 'ours', python: 'Python loads', npm: 'npm xmlrpc', fxp: 'fast-xml-parser raw', json: 'JSON.parse (JSON twin)' }[impl],
        r.error ? `error: ${r.error.slice(0, 40)}` : fmtMs(r.ms),
        fmtMs(mbps(impl === 'json' ? r.bytes : bytes, r.ms)),
        fmtMb(r.rss_mb),
        peakOverPayload == null ? '—' : fmtX(peakOverPayload),
        impl === 'ours' ? fmtX(ratio(d.ours.ms, d.python.ms)) : '',
        impl === 'ours' ? fmtX(ratio(d.ours.ms, d.npm.ms)) : '',
        impl === 'ours' ? fmtX(ratio(d.ours.ms, d.fxp.ms)) : '',
      ]);
    }
    const oursMbps = mbps(bytes, d.ours.ms);
    const pyMbps = mbps(bytes, d.python.ms);
    check(`decode ${size.key}: throughput ≥ Python loads`, d.ours.ms == null || d.python.ms == null ? null : d.ours.ms <= d.python.ms,
      `ours ${fmtMs(oursMbps)} MB/s vs Python ${fmtMs(pyMbps)} MB/s (ours/python time ${fmtX(ratio(d.ours.ms, d.python.ms))})`);
    const over = ratio(d.ours.ms, d.fxp.ms);
    check(`decode ${size.key}: ours ≤ ${FXP_OVERHEAD_TARGET}× raw fast-xml-parser`, over == null ? null : over <= FXP_OVERHEAD_TARGET, `ours/fxp-raw ${fmtX(over)}`);
    // Per input byte: JSON.parse's time per byte of the JSON twin over ours per byte of the XML (1 = as fast as V8).
    const perByte = d.json.ms == null || d.ours.ms == null || !d.json.bytes || !bytes ? null : d.json.ms / d.json.bytes / (d.ours.ms / bytes);
    check(`decode ${size.key}: ≥ ${JSON_PARSE_PER_BYTE_TARGET}× JSON.parse's speed per input byte (same data as JSON)`, perByte == null ? null : perByte >= JSON_PARSE_PER_BYTE_TARGET,
      perByte == null ? `not measured: ${d.json.error ?? d.ours.error}` : `${fmtX(perByte)} (ours ${fmtMs(mbps(bytes, d.ours.ms))} MB/s of XML, JSON.parse ${fmtMs(mbps(d.json.bytes, d.json.ms))} MB/s of JSON, ${(d.json.bytes / 1048576).toFixed(d.json.bytes < 10 * 1048576 ? 2 : 0)} MB)`);
  }
  const biggest = SIZES[SIZES.length - 1];
  if (biggest.key === '50MB') {
    const d = decode['50MB'].ours;
    const over = d.rss_mb != null && d.bytes ? ((d.rss_mb - d.start_rss_mb) * 1048576) / d.bytes : null;
    check('decode 50MB: peak memory ≤ 4× the payload', over == null ? null : over <= PAYLOAD_RSS_TARGET,
      `peak RSS ${fmtMb(d.rss_mb)} MB, ${fmtX(over)} the payload above the process's ${fmtMb(d.start_rss_mb)} MB before reading it`);
  } else {
    check('decode 50MB: peak memory ≤ 4× the payload', null, 'skipped by --quick');
  }
  lines.push('Decode (methodResponse; median ms of warm runs; peak RSS of a fresh process after one decode; peak−start / payload: RSS growth from before reading the payload, payload included, in payloads — fixed costs dominate at 1 MB)');
  lines.push(table(['size', 'decoder', 'median ms', 'MB/s', 'peak RSS MB', 'peak−start / payload', 'ours/python', 'ours/npm-xmlrpc', 'ours/fxp-raw'], decodeRows));

  const encodeRows = [];
  for (const size of SIZES) {
    const e = encode[size.key];
    for (const impl of ['ours', 'python', 'npm']) {
      const r = e[impl];
      encodeRows.push([
        size.key,
        { ours: 'ours', python: 'Python dumps', npm: 'npm xmlrpc' }[impl],
        r.error ? `error: ${r.error.slice(0, 40)}` : fmtMs(r.ms),
        fmtMs(mbps(r.bytes, r.ms)),
        impl === 'ours' ? fmtX(ratio(e.ours.ms, e.python.ms)) : '',
        impl === 'ours' ? fmtX(ratio(e.ours.ms, e.npm.ms)) : '',
      ]);
    }
    check(`encode ${size.key}: ≥ Python dumps`, e.ours.ms == null || e.python.ms == null ? null : e.ours.ms <= e.python.ms,
      `ours/python time ${fmtX(ratio(e.ours.ms, e.python.ms))}`);
  }
  lines.push('', 'Encode (the same data as a methodCall, to the UTF-8 bytes sent; median ms)');
  lines.push(table(['size', 'encoder', 'median ms', 'MB/s', 'ours/python', 'ours/npm-xmlrpc'], encodeRows));

  const disc = network.discovery;
  lines.push('', `Discovery (Python SimpleXMLRPCServer, ${DISCOVERY_METHODS} documented methods: names + signatures + help; warm = median of later runs in a process, cold = its first)`);
  const discRow = (label, r, withRatio) => [
    label,
    r.extra.methods ?? '—',
    r.extra.round_trips ?? '—',
    r.error ? `error: ${r.error.slice(0, 40)}` : fmtMs(r.ms),
    fmtMs(r.cold_ms),
    withRatio ? fmtX(ratio(disc.ours.ms, disc.python.ms)) : '',
    withRatio ? fmtX(ratio(disc.ours.cold_ms, disc.python.cold_ms)) : '',
  ];
  lines.push(table(['client', 'methods', 'HTTP round trips', 'warm median ms', 'cold median ms', 'ours/python warm', 'ours/python cold'], [
    discRow('ours', disc.ours, true),
    discRow('Python ServerProxy + MultiCall', disc.python, false),
  ]));
  const trips = disc.ours.extra.round_trips;
  const foundAll = disc.ours.extra.methods >= DISCOVERY_METHODS && disc.ours.extra.with_help >= DISCOVERY_METHODS;
  check(`discovery ${DISCOVERY_METHODS}: ≤ 10 HTTP round trips`, trips == null ? null : trips <= 10 && foundAll,
    `${trips ?? '—'} round trips, ${disc.ours.extra.methods ?? '—'} methods, ${disc.ours.extra.with_help ?? '—'} with help`);
  check(`discovery ${DISCOVERY_METHODS}: no slower than Python MultiCall`, disc.ours.ms == null || disc.python.ms == null ? null : disc.ours.ms <= disc.python.ms,
    `ours/python ${fmtX(ratio(disc.ours.ms, disc.python.ms))} warm, ${fmtX(ratio(disc.ours.cold_ms, disc.python.cold_ms))} cold`);

  const latRows = [];
  for (const [name, title] of [['python_server', 'Python SimpleXMLRPCServer'], ['node_server', 'fixed-response Node server']]) {
    const l = network.latency[name];
    latRows.push([title, fmtMs(l.ours.ms), fmtMs(l.python.ms), fmtMs(l.npm.ms), fmtX(ratio(l.ours.ms, l.python.ms)), fmtX(ratio(l.ours.ms, l.npm.ms))]);
    check(`latency vs ${title}: ≤ Python ServerProxy`, l.ours.ms == null || l.python.ms == null ? null : l.ours.ms <= l.python.ms,
      `ours/python ${fmtX(ratio(l.ours.ms, l.python.ms))}`);
  }
  const cap = network.cap;
  check('default size cap (20 MB) refuses a bigger response before parsing', cap.error && !cap.kind ? null : cap.kind === 'too-large',
    cap.kind ? `${cap.kind}${cap.message ? ': ' + cap.message : ''}; after ${fmtMs(cap.ms)} ms, peak RSS ${fmtMb(cap.peak_rss_mb)} MB` : cap.error);
  lines.push('', `Call latency (${LATENCY_CALLS} sequential small calls, after an untimed round; median ms per call over ${LATENCY_ROUNDS} processes × ${LATENCY_RUNS} rounds)`);
  lines.push(table(['server', 'ours', 'Python ServerProxy', 'npm xmlrpc (keep-alive)', 'ours/python', 'ours/npm-xmlrpc'], latRows));

  lines.push('', ...extensionSection(extension, check));

  const ui = user.ui;
  const uiRows = [];
  for (const [name, title] of [['python_server', 'Python SimpleXMLRPCServer (a connection per call)'], ['node_server', 'fixed-response Node server (keep-alive)']]) {
    const u = ui[name];
    if (!u) continue;
    const peer = network.latency[name]?.python?.ms;
    uiRows.push([
      title,
      fmtMs(u.call_ms),
      fmtMs(u.command_ms),
      fmtMs(u.shown_after_command_ms),
      fmtMs(u.result_in_ms),
      fmtMs(u.wire_ms),
      fmtMs(u.result_in_minus_wire_ms),
      fmtMs(peer),
      fmtX(ratio(u.call_ms, peer)),
    ]);
  }
  const uiPy = ui.python_server;
  if (ui.error) {
    lines.push('', `Calls as users see them: not measured (${ui.error})`);
  } else {
    lines.push('', `Calls as users see them (code-server's extension host: the command rpcExplorer.callMethod, as a keybinding runs it, until the result panel's webview has put the outcome on screen; wire = the same request through the core alone in that host; medians of ${ui.rounds} calls after ${ui.warmup} warm-up ones)`);
    lines.push(table(['server', 'command → on screen', 'command resolved', 'then on screen', 'Result in', 'wire (core alone)', 'Result in − wire', 'Python ServerProxy call (latency above)', 'on screen / Python call'], uiRows));
    const control = ui.control_webview;
    lines.push('', table(['also measured', 'ms'], [
      ['first call of the session (opens the panel and loads its webview): command → on screen', fmtMs(uiPy?.cold?.call_ms)],
      ['  of which the command (request included)', fmtMs(uiPy?.cold?.command_ms)],
      ['pending view on screen after the command started (median)', fmtMs(uiPy?.pending_shown_ms)],
      ['a do-nothing webview\'s message round trip in the same host (median; control)', fmtMs(control?.round_trip_ms)],
      ['our panel showing a call\'s outcome: posted → webview acknowledged (median, keep-alive Node server)', fmtMs(ui.panel_show?.round_trip_ms)],
    ]));
  }
  check(`ui.form_open_ms: the call form of a 50-parameter nested OpenRPC method, open → interactive ≤ ${UI_FORM_OPEN_TARGET_MS} ms (median)`, ui.form?.open_ms == null ? null : ui.form.open_ms <= UI_FORM_OPEN_TARGET_MS,
    ui.form?.open_ms == null ? `not measured: ${ui.error ?? 'no form record'}` : `${fmtMs(ui.form.open_ms)} ms (the first form of the session, which loads the feature: ${fmtMs(ui.form.cold_open_ms)} ms)`);
  const form = ui.form;
  const phaseText = (phases) => Object.entries(phases ?? {}).map(([step, ms]) => `${step} ${fmtMs(ms)}`).join(', ');
  if (form?.control_open_ms != null) {
    check.recorded('ui.form_open_ms control: a do-nothing page in the same panel and CSP shell, open → its message (median, interleaved)',
      `${fmtMs(form.control_open_ms)} ms; the form − control ${fmtMs(form.open_ms - form.control_open_ms)} ms. Form: ${phaseText(form.open_phases)}. Control: ${phaseText(form.control_phases)}`);
  }
  check(`ui.form_call_ms: the form's Send → result on screen ≤ ui.call_ms + ${UI_FORM_CALL_MARGIN_MS} ms (median, Python server)`, ui.form?.call_ms == null || uiPy?.call_ms == null ? null : ui.form.call_ms <= uiPy.call_ms + UI_FORM_CALL_MARGIN_MS,
    ui.form?.call_ms == null ? `not measured: ${ui.error ?? 'no form record'}` : `${fmtMs(ui.form.call_ms)} ms against ui.call_ms ${fmtMs(uiPy?.call_ms)} ms`);
  check(`ui.call_ms: command → result on screen ≤ ${UI_CALL_TARGET_MS} ms (median, Python server)`, uiPy?.call_ms == null ? null : uiPy.call_ms <= UI_CALL_TARGET_MS,
    uiPy?.call_ms == null
      ? `not measured: ${ui.error ?? 'no record'}`
      : `${fmtMs(uiPy.call_ms)} ms = ${fmtMs(uiPy.command_ms)} ms until the command resolved (Result in ${fmtMs(uiPy.result_in_ms)} ms) + ${fmtMs(uiPy.shown_after_command_ms)} ms until the webview acknowledged; keep-alive Node server ${fmtMs(ui.node_server?.call_ms)} ms; our panel's show round trip (posted → acknowledged) ${fmtMs(ui.panel_show?.round_trip_ms)} ms, a do-nothing webview's ${fmtMs(ui.control_webview?.round_trip_ms)} ms`);
  const first = user.firstCall ?? {};
  const firstText = (f) => f?.on_screen_ms == null
    ? `not measured: ${f?.error ?? first.error ?? 'no record'}`
    : `${f.on_screen_ms} ms, Enter ${(f.enter_after_page_opened_ms / 1000).toFixed(1)} s after the page opened; the webview's own steps: index.html → service worker ${f.webview_steps_ms?.index_to_service_worker ?? '?'} ms → content frame ${f.webview_steps_ms?.service_worker_to_content ?? '?'} ms`;
  check(`ui.first_call_workbench: a window's first call as a user makes it (Add Endpoint, Call Method, Enter as soon as the harness gets there): Enter → result on screen ≤ ${FIRST_CALL_TARGET_MS} ms`,
    first.asap?.on_screen_ms == null ? null : first.asap.on_screen_ms <= FIRST_CALL_TARGET_MS, firstText(first.asap));
  check.recorded('ui.first_call_workbench, settled: the same, Enter once the page\'s requests have stopped for 2 s',
    `${firstText(first.settled)}${first.settled?.waited_for_quiet_ms != null ? ` (waited ${first.settled.waited_for_quiet_ms} ms for the page's requests to stop)` : ''}`);
  check.recorded('ui.first_call_workbench, fresh browser: the same in the browser\'s first window (its first service-worker activation, whatever the extension)', firstText(first.fresh_browser));
  for (const [name, title] of [['python_server', 'Python server'], ['node_server', 'Node server']]) {
    const u = ui[name];
    const gap = u?.result_in_minus_wire_ms;
    check(`ui: |Result in − wire| ≤ ${RESULT_IN_VS_WIRE_TARGET_MS} ms (${title})`, gap == null ? null : Math.abs(gap) <= RESULT_IN_VS_WIRE_TARGET_MS,
      gap == null ? `not measured: ${ui.error ?? 'no record'}` : `median of per-call differences ${fmtMs(gap)} ms (Result in ${fmtMs(u.result_in_ms)} ms, wire ${fmtMs(u.wire_ms)} ms)`);
  }

  const rf = user.requestFile;
  const parse = rf.parse;
  lines.push('', 'Request files and server tasks');
  lines.push(table(['measure', 'value', 'target'], [
    [`requestFile.parse_ms: a ${PARSE_CALLS.toLocaleString('en')}-call .rpc file (${parse.bytes ? Math.round(parse.bytes / 1024) + ' KiB, ' : ''}named calls, headers, variables, typed JSON, EXPECT) parsed; warm median (cold)`,
      parse.error ? `error: ${parse.error.slice(0, 60)}` : `${fmtMs(parse.ms)} ms (${fmtMs(parse.cold_ms)} ms)`, `≤ ${PARSE_TARGET_MS} ms`],
    ['requestFile.completion_ms: completion in a .rpc file, in the extension host', rf.completion.ms == null ? rf.completion.error : `${fmtMs(rf.completion.ms)} ms (${rf.completion.source}, ${rf.completion.at})`, `≤ ${COMPLETION_TARGET_MS} ms`],
    ['server.restart_ms: restart of a server task, in the extension host', user.server.restart.ms == null ? user.server.restart.error : `${fmtMs(user.server.restart.ms)} ms (${user.server.restart.source}, ${user.server.restart.at})`, ''],
  ]));
  check(`requestFile.parse_ms: ${PARSE_CALLS.toLocaleString('en')}-call .rpc file ≤ ${PARSE_TARGET_MS} ms`, parse.ms == null ? null : parse.ms <= PARSE_TARGET_MS,
    parse.ms == null ? `not measured: ${parse.error}` : `${fmtMs(parse.ms)} ms warm median, ${fmtMs(parse.cold_ms)} ms cold, peak RSS ${fmtMb(parse.rss_mb)} MB`);
  const recorded = (name, figure) => checks.push({ target: name, status: figure.ms == null ? 'NOT MEASURED' : 'RECORDED', measured: figure.ms == null ? figure.error : `${fmtMs(figure.ms)} ms (${figure.source})` });
  check(`requestFile.completion_ms: completion in a .rpc file ≤ ${COMPLETION_TARGET_MS} ms (median, in the extension host)`, rf.completion.ms == null ? null : rf.completion.ms <= COMPLETION_TARGET_MS,
    rf.completion.ms == null ? rf.completion.error : `${fmtMs(rf.completion.ms)} ms (${rf.completion.source}; the first requests ${rf.completion.cold_ms?.map(fmtMs).join(', ') ?? '—'} ms)`);
  recorded('server.restart_ms (no target yet)', user.server.restart);

  lines.push('', 'Targets (issues #6, #9, #10, #17; request files, server tasks)');
  lines.push(table(['', 'target', 'measured'], checks.map((c) => [c.status, c.target, c.measured])));
  lines.push('', `Machine: ${meta.cpus} × ${meta.cpu_model}, Node ${meta.node} (ours and npm xmlrpc on Node ${meta.worker_node}), ${meta.python}; load average before/after ${meta.loadavg_before.join(' ')} / ${meta.loadavg_after.join(' ')}${quick ? '; --quick' : ''}${meta.ours_root ? `; ours from ${meta.ours_root}` : ''}; ${meta.seconds} s.`);
  return { text: lines.join('\n'), checks };
}

// ------------------------------------------------------------------------------------------------ main

/** `load.vs_autocannon` (bench/load_vs_autocannon.mjs); `--only-load` measures it alone and merges it into the results. */
async function benchLoad() {
  log('load: rpc-explorer load vs autocannon, fixed-response keep-alive server, 16 connections...');
  return benchLoadVsAutocannon({ rounds: quick ? 2 : 5, seconds: quick ? 5 : 10, log });
}

async function main() {
  const t0 = Date.now();
  if (process.argv.includes('--only-load')) {
    const load = await benchLoad();
    const file = path.join(benchDir, 'results.json');
    const results = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
    results.load = { vs_autocannon: load.vs_autocannon, ours_calls_per_s: round(load.ours_calls_per_s, 0), autocannon_requests_per_s: round(load.autocannon_requests_per_s, 0), ours_cpu_us_per_call: round(load.ours_cpu_us_per_call, 1), autocannon_cpu_us_per_request: round(load.autocannon_cpu_us_per_request, 1) };
    fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(JSON.stringify({ load, loadavg: os.loadavg().map((x) => round(x)) }) + '\n');
    return;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  if (process.argv.includes('--only-workbench-burst')) {
    // The workbench burst alone (bench/.data/workbench_burst.json): it needs `npm run build` (dist/) first.
    const server = await startServer(process.execPath, [path.join(benchDir, 'ws_server.mjs')]);
    try {
      const workbench = await benchWorkbenchBurst(server);
      fs.writeFileSync(path.join(dataDir, 'workbench_burst.json'), JSON.stringify(workbench, null, 2) + '\n');
      process.stdout.write(JSON.stringify(websocketFigures({ workbench }).notifications.burst_workbench, null, 2) + '\n');
    } finally {
      await server.stop();
    }
    return;
  }
  if (process.argv.includes('--only-first-call')) {
    // The first call in the workbench alone (bench/.data/first_call.json); it needs `npm run build` (dist/) first.
    const firstCall = await benchFirstCall();
    fs.writeFileSync(path.join(dataDir, 'first_call.json'), JSON.stringify(firstCall, null, 2) + '\n');
    process.stdout.write(JSON.stringify(firstCall, null, 2) + '\n');
    return;
  }
  if (process.argv.includes('--only-latency')) {
    // Sequential call latency alone, ours/Python/npm interleaved in one run (bench/.data/latency.json): the
    // committed results stay as the last full run left them.
    const buildError = await buildOurs();
    if (buildError) throw new Error(`cannot bundle our code for the benchmark: ${buildError}`);
    const loadBefore = os.loadavg().map((x) => round(x));
    const latency = await benchLatency();
    const figures = {};
    for (const [name, l] of Object.entries(latency)) {
      figures[name] = { ours_ms: round(l.ours.ms, 3), python_ms: round(l.python.ms, 3), npm_xmlrpc_ms: round(l.npm.ms, 3), ours_over_python: round(ratio(l.ours.ms, l.python.ms), 3) };
    }
    const out = { latency: figures, worker_node: workerNodeVersion, loadavg_before: loadBefore, loadavg_after: os.loadavg().map((x) => round(x)), ours_root: oursRoot === root ? undefined : oursRoot };
    fs.writeFileSync(path.join(dataDir, 'latency.json'), JSON.stringify({ ...out, samples: latency }, null, 2) + '\n');
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  if (process.argv.includes('--only-completion')) {
    // requestFile.completion_ms alone, printed.
    process.stdout.write(JSON.stringify(await completionInHost(), null, 2) + '\n');
    return;
  }
  if (process.argv.includes('--only-ui')) {
    // Calls as users see them alone (bench/.data/ui.json), first call of the session included; `--ui-rounds N`.
    const roundsAt = process.argv.indexOf('--ui-rounds');
    const loadBefore = os.loadavg().map((x) => round(x));
    const ui = await callTimingInHost(roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : UI_CALL_ROUNDS);
    const out = {
      first_call_ms: ui.python_server?.cold?.call_ms ?? null,
      first_call: ui.python_server?.cold,
      first_webview_control_open_ms: ui.control_webview_first?.open_ms,
      call_ms: ui.python_server?.call_ms ?? null,
      keepalive_call_ms: ui.node_server?.call_ms ?? null,
      form_open_ms: ui.form?.open_ms ?? null,
      form_control_open_ms: ui.form?.control_open_ms ?? null,
      form_cold_open_ms: ui.form?.cold_open_ms ?? null,
      form_open_phases: ui.form?.open_phases,
      form_control_phases: ui.form?.control_phases,
      error: ui.error,
      loadavg_before: loadBefore,
      loadavg_after: os.loadavg().map((x) => round(x)),
    };
    fs.writeFileSync(path.join(dataDir, 'ui.json'), JSON.stringify({ ...out, ui }, null, 2) + '\n');
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  if (process.argv.includes('--only-websocket')) {
    // One part alone (bench/.data/websocket.json): the committed results stay as the last full run left them.
    const buildError = await buildOurs();
    if (buildError) throw new Error(`cannot bundle our code for the benchmark: ${buildError}`);
    const websocket = await benchWebSocket();
    fs.writeFileSync(path.join(dataDir, 'websocket.json'), JSON.stringify(websocket, null, 2) + '\n');
    process.stdout.write(JSON.stringify(websocketFigures(websocket), null, 2) + '\n');
    return;
  }
  const loadBefore = os.loadavg().map((x) => round(x));
  const pythonVersion = spawnSync(python, ['--version'], { encoding: 'utf8' });
  if (pythonVersion.error) throw new Error(`${python} not found: the benchmark compares with Python's xmlrpc.client (set PYTHON=...)`);

  if (process.argv.includes('--extension-only')) {
    // Only the extension's figures (a few minutes): printed, nothing written.
    const extension = await benchExtension();
    const checks = [];
    const check = (name, pass, measured) => checks.push({ target: name, status: pass === null ? 'NOT MEASURED' : pass ? 'PASS' : 'MISS', measured });
    check.recorded = (name, measured) => checks.push({ target: name, status: 'RECORDED', measured });
    const lines = extensionSection(extension, check);
    lines.push('', table(['', 'target', 'measured'], checks.map((c) => [c.status, c.target, c.measured])));
    lines.push('', `Load average before/after ${loadBefore.join(' ')} / ${os.loadavg().map((x) => round(x)).join(' ')}${oursRoot !== root ? `; ours from ${oursRoot}` : ''}; ${Math.round((Date.now() - t0) / 1000)} s.`);
    process.stdout.write('\n' + lines.join('\n') + '\n');
    return;
  }
  const files = {};
  for (const size of SIZES) files[size.key] = await ensureData(size);
  const buildError = await buildOurs();
  if (buildError) throw new Error(`cannot bundle our code for the benchmark: ${buildError}`);
  if (oursRoot !== root) log(`ours: from ${oursRoot}`);

  const phase = (name, t) => log(`  (${name}: ${((Date.now() - t) / 1000).toFixed(1)} s)`);
  let t = Date.now();
  const decode = await benchDecode(files);
  phase('decode', t);
  t = Date.now();
  const encode = await benchEncode(files);
  phase('encode', t);
  t = Date.now();
  const network = await benchNetwork();
  phase('discovery, size cap, latency', t);
  t = Date.now();
  const websocket = process.argv.includes('--no-websocket') ? { error: 'skipped (--no-websocket)' } : await benchWebSocket();
  phase('websocket', t);
  t = Date.now();
  const requestFile = {
    parse: await benchParse(),
    completion: await completionFigure(),
  };
  const server = { restart: recordedFigure('server.restart_ms', 'the server tasks\' restart-on-save integration test records it (npm test)') };
  phase('request file parse', t);
  t = Date.now();
  const load = await benchLoad();
  phase('load vs autocannon', t);
  let ui = { error: 'skipped (--no-ui)' };
  if (!process.argv.includes('--no-ui')) {
    t = Date.now();
    log(`ui: ${UI_CALL_ROUNDS} calls from the command to the result on screen, in code-server's extension host...`);
    ui = await callTimingInHost(UI_CALL_ROUNDS);
    if (ui.error) log(`  ui not measured: ${ui.error}`);
    phase('ui call timing', t);
  }
  let firstCall = { error: 'skipped (--no-ui)' };
  if (!process.argv.includes('--no-ui')) {
    t = Date.now();
    log('ui.first_call_workbench: a window\'s first call as a user makes it, in code-server and a browser...');
    firstCall = await benchFirstCall();
    phase('first call in the workbench', t);
  }
  const user = { ui, firstCall, requestFile, server };
  log('extension: production bundle size, activation ours vs control, files that serve no RPC...');
  const extension = await benchExtension();

  const meta = {
    date: new Date().toISOString(),
    quick,
    ours_root: oursRoot === root ? undefined : oursRoot,
    node: process.version,
    worker_node: workerNodeVersion,
    python: (pythonVersion.stdout || pythonVersion.stderr).trim(),
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model?.trim() ?? 'unknown',
    loadavg_before: loadBefore,
    loadavg_after: os.loadavg().map((x) => round(x)),
    seconds: Math.round((Date.now() - t0) / 1000),
  };
  const reported = report(decode, encode, network, extension, user, meta);
  const { checks } = reported;
  let { text } = reported;
  const profiles = process.argv.includes('--no-profile') ? [] : await profileMisses(checks, files);
  if (profiles.length > 0) {
    const lines = ['', 'Where the time goes in the misses (node --cpu-prof of ours doing that work; self time)'];
    for (const p of profiles) lines.push(`- ${p.name}: ${p.error ? 'not profiled: ' + p.error : describeProfile(p.summary)}${p.profile ? `\n    (${p.profile})` : ''}`);
    text += '\n' + lines.join('\n');
  }
  process.stdout.write('\n' + text + '\n');

  // The keys issue #6 lists, then the user-facing ones (issue #10's ui.*, request files, server tasks).
  const results = { decode: {}, encode: {} };
  for (const size of SIZES) {
    const d = decode[size.key];
    results.decode[size.key] = {
      ours_ms: round(d.ours.ms),
      python_ms: round(d.python.ms),
      npm_xmlrpc_ms: round(d.npm.ms),
      fxp_raw_ms: round(d.fxp.ms),
      ours_rss_mb: round(d.ours.rss_mb, 1),
    };
    const e = encode[size.key];
    results.encode[size.key] = { ours_ms: round(e.ours.ms), python_ms: round(e.python.ms), npm_xmlrpc_ms: round(e.npm.ms) };
  }
  const disc = network.discovery;
  results.discovery = {
    methods: disc.ours.extra.methods ?? null,
    round_trips: disc.ours.extra.round_trips ?? null,
    ours_ms: round(disc.ours.ms),
    python_ms: round(disc.python.ms),
  };
  const lat = network.latency.python_server;
  results.latency = { ours_ms: round(lat.ours.ms, 3), python_ms: round(lat.python.ms, 3), npm_xmlrpc_ms: round(lat.npm.ms, 3) };
  results.extension = {
    bundle_bytes: extension.bundle.bytes,
    activation_ms: extension.activation.ms,
    activation_own_ms: round(extension.activation.ours_minus_control_ms ?? null),
    activation_own_cpu_ms: round(extension.activation.ours_minus_control_cpu_ms ?? null),
    non_server_file_ms: extension.nonServer.non_server_file_ms ?? null,
  };
  const uiPy = ui.python_server;
  results.ui = {
    call_ms: round(uiPy?.call_ms ?? null),
    cold_call_ms: round(uiPy?.cold?.call_ms ?? null),
    result_in_ms: round(uiPy?.result_in_ms ?? null),
    wire_ms: round(uiPy?.wire_ms ?? null),
    keepalive_call_ms: round(ui.node_server?.call_ms ?? null),
    form_open_ms: round(ui.form?.open_ms ?? null),
    form_control_open_ms: round(ui.form?.control_open_ms ?? null),
    form_call_ms: round(ui.form?.call_ms ?? null),
    first_call_workbench_ms: user.firstCall?.asap?.on_screen_ms ?? null,
    first_call_workbench_settled_ms: user.firstCall?.settled?.on_screen_ms ?? null,
    first_call_workbench_fresh_browser_ms: user.firstCall?.fresh_browser?.on_screen_ms ?? null,
  };
  results.requestFile = { parse_ms: round(requestFile.parse.ms), completion_ms: requestFile.completion.ms ?? null };
  results.server = { restart_ms: server.restart.ms ?? null };
  results.load = { vs_autocannon: load.vs_autocannon, ours_calls_per_s: round(load.ours_calls_per_s, 0), autocannon_requests_per_s: round(load.autocannon_requests_per_s, 0), ours_cpu_us_per_call: round(load.ours_cpu_us_per_call, 1), autocannon_cpu_us_per_request: round(load.autocannon_cpu_us_per_request, 1) };
  Object.assign(results, websocketFigures(websocket));
  // A candidate checkout's figures go to bench/.data/ (git-ignored), never over the committed results.
  const candidate = oursRoot !== root;
  const outDir = candidate ? dataDir : benchDir;
  const suffix = candidate ? '.candidate' : '';
  fs.writeFileSync(path.join(outDir, `results${suffix}.json`), JSON.stringify(results, null, 2) + '\n');

  const strip = (group) => Object.fromEntries(Object.entries(group).map(([k, v]) => [k, { ...v, extra: undefined }]));
  const details = {
    meta,
    checks,
    decode: Object.fromEntries(Object.entries(decode).map(([k, v]) => [k, strip(v)])),
    encode: Object.fromEntries(Object.entries(encode).map(([k, v]) => [k, strip(v)])),
    discovery: { python_round_trips: disc.python.extra.round_trips ?? null, ours_with_help: disc.ours.extra.with_help ?? null, ...strip(disc) },
    size_cap: network.cap,
    latency: { python_server: strip(network.latency.python_server), node_server: strip(network.latency.node_server) },
    extension,
    ui,
    first_call_workbench: user.firstCall,
    request_file: { parse: { ...requestFile.parse, extra: undefined }, completion: requestFile.completion },
    server,
    load,
    websocket,
    profiles,
    table: text,
  };
  fs.writeFileSync(path.join(outDir, `results${suffix}.details.json`), JSON.stringify(details, null, 2) + '\n');
  log(`wrote ${path.relative(root, path.join(outDir, `results${suffix}.json`))} and results${suffix}.details.json (${meta.seconds} s)`);
  if (process.argv.includes('--readme') && !candidate) updateReadme(text, meta);
}

/** The WebSocket keys of results.json: `websocket.*` latency and `notifications.burst`. */
function websocketFigures(websocket) {
  const burst = websocket.burst ?? {};
  return {
    websocket: {
      call_ms: round(websocket.latency?.websocket_ms ?? null, 3),
      http_keepalive_call_ms: round(websocket.latency?.http_keepalive_ms ?? null, 3),
    },
    notifications: {
      burst: {
        rate_per_s: BURST_RATE,
        seconds: BURST_SECONDS,
        received: burst.received ?? null,
        dropped_frames: burst.dropped_frames ?? null,
        frames: burst.frames ?? null,
        longest_stall_ms: round(burst.longest_stall_ms ?? null, 1),
        error: burst.error ?? websocket.error,
      },
      burst_workbench: workbenchFigures(websocket.workbench ?? { error: websocket.error }),
    },
  };
}

/** notifications.burst_workbench: the renderer's frames and stalls during the burst (idle beside it), and a call's time. */
function workbenchFigures(workbench) {
  if (workbench.error) return { error: workbench.error };
  return {
    rate_per_s: workbench.rate,
    seconds: workbench.seconds,
    received_in_view: workbench.received_in_view,
    dropped_frames: workbench.burst.dropped_frames,
    expected_frames: workbench.burst.expected_frames,
    longest_stall_ms: workbench.burst.longest_stall_ms,
    longest_task_ms: workbench.burst.longest_task_ms,
    idle_dropped_frames: workbench.idle.dropped_frames,
    idle_longest_stall_ms: workbench.idle.longest_stall_ms,
    main_thread_cpu_ms_per_s: workbench.burst.main_thread_cpu_ms_per_s,
    layouts_per_s: workbench.burst.layouts_per_s,
    extension_host_cpu_ms_per_s: workbench.burst.extension_host_cpu_ms_per_s,
    idle_main_thread_cpu_ms_per_s: workbench.idle.main_thread_cpu_ms_per_s,
    idle_layouts_per_s: workbench.idle.layouts_per_s,
    idle_extension_host_cpu_ms_per_s: workbench.idle.extension_host_cpu_ms_per_s,
    paused_main_thread_cpu_ms_per_s: workbench.paused.main_thread_cpu_ms_per_s,
    paused_layouts_per_s: workbench.paused.layouts_per_s,
    paused_extension_host_cpu_ms_per_s: workbench.paused.extension_host_cpu_ms_per_s,
    paused_dropped_frames: workbench.paused.dropped_frames,
    paused_longest_stall_ms: workbench.paused.longest_stall_ms,
    call_ms_idle: round(workbench.call_ms_idle, 1),
    call_ms_during_burst: round(workbench.call_ms_during_burst, 1),
    call_ms_during_paused_burst: round(workbench.call_ms_during_paused_burst, 1),
    loadavg_before: workbench.loadavg_before,
    loadavg_after: workbench.loadavg_after,
  };
}

/** `--readme`: writes this run's full tables, as Markdown, to docs/performance.md (the README links there). */
function updateReadme(text, meta) {
  const markdown = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('|') || line === '' || line.startsWith('- ') || line.startsWith('    ')) markdown.push(line);
    else if (line.startsWith('Machine:')) markdown.push(`_${line.replace('Machine:', `Measured ${meta.date.slice(0, 16).replace('T', ' ')} UTC on`)}_`);
    else markdown.push(`**${line}**`, '');
  }
  const file = path.join(root, 'docs', 'performance.md');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const tables = markdown.join('\n').trim();
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  // The page's prose (how it is measured, the commands) is written by hand around the markers; only the tables change.
  const page = existing.includes(start) && existing.includes(end)
    ? `${existing.slice(0, existing.indexOf(start) + start.length)}\n${tables}\n${existing.slice(existing.indexOf(end))}`
    : [
        '# Performance',
        '',
        'Written by `npm run bench -- --readme`: every figure measured on this machine in one run, next to its peers and its',
        'target (PASS / MISS), with the load average the machine had. `bench/results.json` and `bench/results.details.json`',
        'hold the same figures as data.',
        '',
        start,
        tables,
        end,
        '',
      ].join('\n');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, page);
  log('wrote docs/performance.md');
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.message}\n`);
  process.exit(1);
});
