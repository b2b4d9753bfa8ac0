/**
 * `rpc-explorer load` through the CLI bundle, against a Node XML-RPC server that counts the calls it gets: exact
 * call counts, latency of a method that sleeps a known time, faults, thresholds, the open loop's schedule and the
 * coordinated-omission case, transport errors.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { LatencyHistogram } from '../../src/core/load';
import { ensureCliBundle, runCli, type CliRun } from '../support/cli';
import { freePort } from '../support/ports';
import { startNodeServer, type RunningServer } from '../support/servers';

interface LoadJson {
  calls: number;
  ok: number;
  faults: number;
  errors: number;
  seconds: number;
  throughput: number;
  latency_ms: { min: number; p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
}

function lastJson(run: CliRun): LoadJson {
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as LoadJson;
}

describe('rpc-explorer load', () => {
  let server: RunningServer;
  before(async () => {
    ensureCliBundle();
    server = await startNodeServer('test/fixtures/load-server.js');
  });
  after(async () => {
    await server?.stop();
  });

  /** The calls the server has counted so far, by method. */
  function counts(): Promise<Record<string, number>> {
    return new Promise((resolve, reject) => {
      http
        .get(`${server.url}/counts`, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () => resolve(JSON.parse(text) as Record<string, number>));
        })
        .on('error', reject);
    });
  }

  it('makes exactly --calls calls (no warm-up call; detection probes call no method) and prints the JSON line', async () => {
    const before = (await counts()).echo ?? 0;
    const run = await runCli(['load', `${server.url}/RPC2`, 'echo', 'hi', '--calls', '57', '--concurrency', '4', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = lastJson(run);
    assert.deepEqual(Object.keys(result), ['calls', 'ok', 'faults', 'errors', 'seconds', 'throughput', 'latency_ms']);
    assert.deepEqual(Object.keys(result.latency_ms), ['min', 'p50', 'p90', 'p99', 'p999', 'max', 'mean']);
    assert.equal(result.calls, 57);
    assert.equal(result.ok, 57);
    assert.equal((await counts()).echo - before, 57);
    const plain = await runCli(['load', `${server.url}/RPC2`, 'echo', 'hi', '--protocol', 'xmlrpc']);
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /^calls 100 {2}ok 100 {2}faults 0 {2}errors 0$/m);
    assert.match(plain.stdout, /^latency \(ms\) {2}min [\d.]+ {2}p50 [\d.]+ {2}p90 [\d.]+ {2}p99 [\d.]+ {2}p99\.9 [\d.]+ {2}max [\d.]+ {2}mean [\d.]+$/m);
    assert.match(plain.stdout, /Value \(ms\) +Percentile +TotalCount +1\/\(1-Percentile\)/);
    assert.match(plain.stdout, /1\.000000 +100 *$/m);
    assert.equal((await counts()).echo - before, 157);
  });

  it('measures the latency of a method that sleeps 60 ms', async () => {
    const run = await runCli(['load', `${server.url}/RPC2`, 'sleep', '60', '--protocol', 'xmlrpc', '--calls', '12', '--concurrency', '3', '--json']);
    const result = lastJson(run);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(result.latency_ms.min >= 59.5, `min ${result.latency_ms.min}`);
    assert.ok(result.latency_ms.p50 >= 59.5 && result.latency_ms.p50 < 1000, `p50 ${result.latency_ms.p50}`);
    assert.ok(result.seconds >= 0.24, `4 rounds of 60 ms: ${result.seconds}`);
  });

  it('counts faults (exit 1) and a missed threshold (exit 1)', async () => {
    const faults = await runCli(['load', `${server.url}/RPC2`, 'fail', '--protocol', 'xmlrpc', '--calls', '10', '--json']);
    assert.equal(faults.code, 1);
    const result = lastJson(faults);
    assert.deepEqual([result.calls, result.ok, result.faults, result.errors], [10, 0, 10, 0]);
    const text = await runCli(['load', `${server.url}/RPC2`, 'fail', '--protocol', 'xmlrpc', '--calls', '3']);
    assert.match(text.stdout, /^first fault: 4: deliberate fault$/m);
    const slow = await runCli(['load', `${server.url}/RPC2`, 'sleep', '30', '--protocol', 'xmlrpc', '--calls', '5', '--max-p99', '5']);
    assert.equal(slow.code, 1);
    assert.match(slow.stdout, /^threshold missed: p99 [\d.]+ ms > 5 ms$/m);
    const few = await runCli(['load', `${server.url}/RPC2`, 'echo', '--protocol', 'xmlrpc', '--calls', '5', '--min-throughput', '1000000000']);
    assert.equal(few.code, 1);
    const met = await runCli(['load', `${server.url}/RPC2`, 'echo', '--protocol', 'xmlrpc', '--calls', '5', '--max-p99', '10000', '--min-throughput', '0.1']);
    assert.equal(met.code, 0, met.stdout);
  });

  it('--duration stops issuing at its end and waits for the calls in flight, which count', async () => {
    const before = (await counts()).sleep ?? 0;
    const run = await runCli(['load', `${server.url}/RPC2`, 'sleep', '300', '--protocol', 'xmlrpc', '--duration', '0.5', '--concurrency', '2', '--json']);
    const result = lastJson(run);
    assert.equal(run.code, 0, run.stderr);
    // Each worker sends at 0 and 300 ms (< 500 ms), not at 600 ms: 4 calls, all answered after the 0.5 s.
    assert.equal(result.calls, 4);
    assert.equal(result.ok, 4);
    assert.ok(result.seconds >= 0.59, `the calls in flight were waited for: ${result.seconds}`);
    assert.equal((await counts()).sleep - before, 4);
  });

  it('--rate sends on a fixed schedule (open loop)', async () => {
    const before = (await counts()).echo ?? 0;
    const run = await runCli(['load', `${server.url}/RPC2`, 'echo', '--protocol', 'xmlrpc', '--rate', '40', '--duration', '1', '--json']);
    const result = lastJson(run);
    assert.equal(run.code, 0, run.stderr);
    // Calls at 0, 25, …, 975 ms: 40, over about one second.
    assert.equal(result.calls, 40);
    assert.equal((await counts()).echo - before, 40);
    assert.ok(result.seconds >= 0.97 && result.seconds < 5, `seconds ${result.seconds}`);
  });

  it('measures latency from the schedule: 20 calls/s to a 200 ms method on one connection (no coordinated omission)', async () => {
    const run = await runCli(['load', `${server.url}/RPC2`, 'sleep', '200', '--protocol', 'xmlrpc', '--rate', '20', '--calls', '20', '--concurrency', '1', '--json']);
    const result = lastJson(run);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(result.calls, 20);
    // The server serves 5 calls/s; the last call, due at 0.95 s, is answered at about 4 s: ~3 s late.
    assert.ok(result.latency_ms.min >= 199, `min ${result.latency_ms.min}`);
    assert.ok(result.latency_ms.p99 > 2000, `p99 ${result.latency_ms.p99} must show the backlog`);
    assert.ok(result.latency_ms.p50 > 1000, `p50 ${result.latency_ms.p50}`);
  });

  it('exits 2 on transport errors and when the run cannot start', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/RPC2`;
    const refused = await runCli(['load', closed, 'echo', '--protocol', 'xmlrpc', '--calls', '3', '--json']);
    assert.equal(refused.code, 2);
    assert.deepEqual([lastJson(refused).calls, lastJson(refused).errors], [3, 3]);
    const text = await runCli(['load', closed, 'echo', '--protocol', 'xmlrpc', '--calls', '3']);
    assert.match(text.stdout, /^errors by kind: connection 3$/m);
    const detect = await runCli(['load', closed, 'echo', '--calls', '3']);
    assert.equal(detect.code, 2);
    assert.equal(detect.stdout, '');
    assert.match(detect.stderr, /^rpc-explorer: .*\n$/);
    const usage = await runCli(['load', server.url, 'echo', '--calls', '0']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--calls needs a positive whole number/);
    const both = await runCli(['load', server.url, 'echo', '--calls', '3', '--duration', '1']);
    assert.equal(both.code, 2);
  });
});

describe('the load histogram', () => {
  it('keeps 3 significant digits and exact min, max and mean', () => {
    const histogram = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) histogram.record(i); // 1 … 1000 ms
    const summary = histogram.summary();
    assert.equal(summary.min, 1);
    assert.equal(summary.max, 1000);
    assert.equal(summary.mean, 500.5);
    assert.ok(Math.abs(summary.p50 - 500) / 500 < 0.001, `p50 ${summary.p50}`);
    assert.ok(Math.abs(summary.p99 - 990) / 990 < 0.001, `p99 ${summary.p99}`);
    assert.ok(Math.abs(summary.p999 - 999) / 999 < 0.001, `p99.9 ${summary.p999}`);
    const rows = histogram.distribution();
    assert.equal(rows[rows.length - 1].totalCount, 1000);
    assert.equal(rows[0].valueMs, 1);
  });
});
