#!/usr/bin/env node
// `load.vs_autocannon`: `rpc-explorer load` against autocannon on the fixed-response keep-alive server
// (bench/fixed_server.mjs), same XML-RPC request body, 16 connections, same duration; ours encodes every call and
// decodes every answer as XML-RPC. Rounds of fresh processes, interleaved so load drifts hit both alike; the figure is
// the median of the per-round ratios (ours calls/s ÷ autocannon requests/s). Standalone: node bench/load_vs_autocannon.mjs
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const CONNECTIONS = 16;
const TARGET = 0.8;

const PRELOAD = path.join(root, 'test', 'support', 'resourceUsagePreload.cjs');

/** Runs a Node script; resolves with its output and its CPU time (user + system, ms) from process.resourceUsage(). */
function run(command, args) {
  const usageFile = path.join(benchDir, '.data', `load-usage-${process.pid}.json`);
  fs.mkdirSync(path.dirname(usageFile), { recursive: true });
  fs.rmSync(usageFile, { force: true });
  return new Promise((resolve) => {
    const child = spawn(command, ['--require', PRELOAD, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RPC_EXPLORER_TEST_RUSAGE_FILE: usageFile } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      let cpuMs = null;
      try {
        const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
        cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
      } catch {
        // no usage written: the figure stays null
      }
      resolve({ code, out, err, cpuMs });
    });
  });
}

function startFixedServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(benchDir, 'fixed_server.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('fixed_server.mjs did not start'));
    }, 20_000);
    child.stdout.on('data', (d) => {
      seen += d;
      const m = /listening on (http:\/\/\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM')))) });
      }
    });
  });
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function benchLoadVsAutocannon({ rounds = 3, seconds = 10, log = (line) => process.stderr.write(line + '\n') } = {}) {
  const cli = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) spawnSync(process.execPath, [path.join(root, 'esbuild.js')], { cwd: root, stdio: 'ignore' });
  const require = createRequire(import.meta.url);
  const autocannon = path.join(path.dirname(require.resolve('autocannon/package.json', { paths: [root] })), 'autocannon.js');
  const body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>sayHi</methodName>\n<params>\n<param>\n<value><string>x</string></value>\n</param>\n</params>\n</methodCall>\n";
  const server = await startFixedServer();
  const samples = { ours: [], autocannon: [], ratio: [], ours_cpu_us_per_call: [], autocannon_cpu_us_per_request: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      const ac = await run(process.execPath, [autocannon, '-c', String(CONNECTIONS), '-d', String(seconds), '-m', 'POST', '-H', 'content-type: text/xml', '-b', body, '--json', server.url]);
      const acJson = JSON.parse(ac.out.trim().split('\n').pop() || '{}');
      const acRate = acJson.requests?.total ? acJson.requests.total / (acJson.duration ?? seconds) : null;
      const ours = await run(process.execPath, [cli, 'load', server.url, 'sayHi', 'x', '--protocol', 'xmlrpc', '--concurrency', String(CONNECTIONS), '--duration', String(seconds), '--json']);
      const oursJson = JSON.parse(ours.out.trim().split('\n').pop() || '{}');
      const oursRate = oursJson.errors === 0 ? oursJson.throughput : null;
      samples.autocannon.push(acRate);
      samples.ours.push(oursRate);
      samples.ratio.push(acRate && oursRate ? oursRate / acRate : null);
      samples.autocannon_cpu_us_per_request.push(ac.cpuMs && acJson.requests?.total ? (ac.cpuMs * 1000) / acJson.requests.total : null);
      samples.ours_cpu_us_per_call.push(ours.cpuMs && oursJson.calls ? (ours.cpuMs * 1000) / oursJson.calls : null);
      log(`  load round ${r + 1}: autocannon ${acRate?.toFixed(0)} req/s, ours ${oursRate?.toFixed(0)} calls/s (${oursJson.errors ?? '?'} errors)`);
    }
  } finally {
    await server.stop();
  }
  const ratio = median(samples.ratio);
  return {
    vs_autocannon: ratio === null ? null : Number(ratio.toFixed(2)),
    ours_calls_per_s: median(samples.ours),
    autocannon_requests_per_s: median(samples.autocannon),
    // The client's own CPU per request, which the machine's other load moves far less than throughput.
    ours_cpu_us_per_call: median(samples.ours_cpu_us_per_call),
    autocannon_cpu_us_per_request: median(samples.autocannon_cpu_us_per_request),
    connections: CONNECTIONS,
    seconds,
    target: TARGET,
    samples,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) || fallback : fallback);
  const result = await benchLoadVsAutocannon({ rounds: option('--rounds', 3), seconds: option('--seconds', 10) });
  process.stdout.write(JSON.stringify(result) + '\n');
}
