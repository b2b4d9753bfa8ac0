// One measurement in a fresh Node process (so peak RSS belongs to that measurement alone).
// Prints one JSON line on stdout. Started by bench/run.mjs; not meant to be run by hand.
//   decode  ours|npm|fxp|json FILE RUNS  cold decode (peak RSS read after it), then RUNS timed decodes; json: V8's
//                                     JSON.parse of the same data as JSON (the decoded value, stringified), from bytes
//   encode  ours|npm     FILE RUNS     encode the decoded params as a methodCall, to the UTF-8 bytes sent
//                                     (a string builder's result is a rope until flattened: bytes make it fair)
//   discovery ours URL RUNS            names + signatures + help
//   latency ours|npm URL CALLS RUNS    CALLS sequential small calls
//   cap ours URL                       one call to a server streaming an oversized answer
//   parse ours CALLS RUNS              parse a request file (.rpc) of CALLS calls with references, RUNS times
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));
const [, , task, impl, ...rest] = process.argv;

const ours = () => require(`${here}.data/ours.cjs`);
const rssMb = () => process.memoryUsage().rss / 1048576;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024; // KiB on Linux
const gc = globalThis.gc ?? (() => {});

/** npm xmlrpc's Deserializer reads a stream; a PassThrough carries the buffer as an HTTP response would. */
function npmDecode(buffer) {
  const Deserializer = require('xmlrpc/lib/deserializer');
  return new Promise((resolve, reject) => {
    const stream = new PassThrough();
    new Deserializer().deserializeMethodResponse(stream, (err, value) => (err ? reject(err) : resolve(value)));
    stream.end(buffer);
  });
}

function decoderFor(name) {
  if (name === 'ours') return ours().decodeResponse;
  if (name === 'npm') return npmDecode;
  if (name === 'fxp') {
    // The decoder's own parser instance and options (XML_PARSER_OPTIONS), text conversion included as in decoding.
    const { parseXml } = ours();
    return (buffer) => parseXml(buffer.toString('utf8'));
  }
  throw new Error(`unknown decoder ${name}`);
}

/** Cold run first (its peak RSS is this process's peak for one decode), then `runs` timed warm runs. */
async function timeRuns(fn, runs) {
  const startRss = rssMb();
  await fn();
  const peak = peakRssMb();
  const times = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = process.hrtime.bigint();
    await fn(); // the value is dropped at once: the next gc() frees it, so runs do not stack up
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { times_ms: times, peak_rss_mb: peak, start_rss_mb: startRss, result: null };
}

async function decode(file, runs) {
  const startRss = rssMb();
  let buffer = fs.readFileSync(file);
  if (impl === 'json') {
    // The JSON twin of the methodResponse: the same values, as JSON text (typed ones as their tagged objects).
    buffer = Buffer.from(JSON.stringify(ours().decodeResponse(buffer)), 'utf8');
    const out = await timeRuns(() => JSON.parse(buffer.toString('utf8')), Number(runs));
    return { ...out, start_rss_mb: startRss, bytes: buffer.length };
  }
  const decodeFn = decoderFor(impl);
  const out = await timeRuns(() => decodeFn(buffer), Number(runs));
  return { ...out, start_rss_mb: startRss, bytes: buffer.length };
}

async function encode(file, runs) {
  const buffer = fs.readFileSync(file);
  let encodeFn;
  if (impl === 'ours') {
    const { decodeResponse, encodeCall } = ours();
    const value = decodeResponse(buffer);
    encodeFn = () => Buffer.from(encodeCall('bench.echo', [value]), 'utf8');
  } else if (impl === 'npm') {
    const serializer = require('xmlrpc/lib/serializer');
    const value = await npmDecode(buffer);
    encodeFn = () => Buffer.from(serializer.serializeMethodCall('bench.echo', [value]), 'utf8');
  } else throw new Error(`unknown encoder ${impl}`);
  const sample = encodeFn();
  const out = await timeRuns(encodeFn, Number(runs));
  return { ...out, bytes: sample.length };
}

/** The first discovery in a fresh process is reported apart (cold: JIT not warmed up), then `runs` warm ones. */
async function discovery(url, runs) {
  const { discover } = ours();
  const once = async () => {
    const t0 = process.hrtime.bigint();
    const found = await discover(url);
    return { found, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
  };
  const cold = await once();
  const times = [];
  for (let i = 0; i < Number(runs); i++) times.push((await once()).ms);
  const { found } = cold;
  const withHelp = found.methods.filter((m) => m.help).length;
  return { cold_ms: cold.ms, times_ms: times, methods: found.methods.length, with_help: withHelp, round_trips: found.roundTrips };
}

/**
 * The default size cap against a server that streams an endless (chunked, no Content-Length) methodResponse:
 * the call must fail with `too-large` before anything is parsed, in bounded memory.
 */
async function cap(url) {
  const { callMethod } = ours();
  const startRss = rssMb();
  const t0 = process.hrtime.bigint();
  let outcome;
  try {
    await callMethod(url, 'big', []);
    outcome = { kind: 'answered' };
  } catch (e) {
    outcome = { kind: e?.kind ?? 'error', message: String(e?.message ?? e) };
  }
  return { ...outcome, ms: Number(process.hrtime.bigint() - t0) / 1e6, peak_rss_mb: peakRssMb(), start_rss_mb: startRss };
}

async function latency(url, calls, runs) {
  let call;
  if (impl === 'ours') {
    const { callMethod } = ours();
    call = (i) => callMethod(url, 'add', [i, 1]);
  } else if (impl === 'npm') {
    const xmlrpc = require('xmlrpc');
    const client = xmlrpc.createClient({ url, agent: new http.Agent({ keepAlive: true }) });
    call = (i) => new Promise((resolve, reject) => client.methodCall('add', [i, 1], (e, v) => (e ? reject(e) : resolve(v))));
  } else throw new Error(`unknown client ${impl}`);
  // A first, untimed round of CALLS (connection, JIT), as the Python side does; then RUNS timed rounds.
  for (let i = 0; i < Number(calls); i++) await call(i);
  const perCall = [];
  for (let r = 0; r < Number(runs); r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < Number(calls); i++) await call(i);
    perCall.push(Number(process.hrtime.bigint() - t0) / 1e6 / Number(calls));
  }
  return { per_call_ms: perCall };
}

/**
 * A request file of `calls` calls, each named, with a header, variables in the URL and the arguments, typed JSON
 * and an EXPECT: the shape of test/unit/requestFileParser.test.ts's 5,000-call file (its 50 ms budget is this key).
 */
function requestFileText(calls) {
  const blocks = ['@base = http://127.0.0.1:8889', '@who = "phyger"'];
  for (let i = 0; i < calls; i++) {
    blocks.push(`### Call ${i}\n# @name c${i}\nCALL {{base}} sayHi\nX-Trace: ${i}\n{{who}}, ${i}, {"n": ${i}.5, "list": [1, 2, "three"]}\nEXPECT "Hi phyger!"\n`);
  }
  return blocks.join('\n');
}

async function parse(calls, runs) {
  if (impl !== 'ours') throw new Error(`unknown request-file parser ${impl}`);
  const { parseRequestFile } = ours();
  const text = requestFileText(Number(calls));
  const t0 = process.hrtime.bigint();
  const first = parseRequestFile(text);
  const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (first.calls.length !== Number(calls) || first.diagnostics.length !== 0) {
    throw new Error(`parsed ${first.calls.length} calls with ${first.diagnostics.length} diagnostics, expected ${calls} and none`);
  }
  const out = await timeRuns(() => parseRequestFile(text), Number(runs));
  return { ...out, cold_ms: coldMs, calls: first.calls.length, bytes: Buffer.byteLength(text) };
}

/** The same small JSON-RPC call over a kept WebSocket and over HTTP keep-alive to one server (bench/ws_server.mjs). */
async function wslatency(httpUrl, calls, runs) {
  const { jsonRpcCall, closeWebSocketConnections } = ours();
  const wsUrl = httpUrl.replace(/^http/, 'ws');
  const out = {};
  for (const [name, url] of [['websocket', wsUrl], ['http', httpUrl]]) {
    for (let i = 0; i < Number(calls); i++) await jsonRpcCall(url, 'add', [i, 1]);
    const perCall = [];
    for (let r = 0; r < Number(runs); r++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < Number(calls); i++) await jsonRpcCall(url, 'add', [i, 1]);
      perCall.push(Number(process.hrtime.bigint() - t0) / 1e6 / Number(calls));
    }
    out[`${name}_per_call_ms`] = perCall;
  }
  closeWebSocketConnections();
  return out;
}

/**
 * notifications.burst: RATE notifications/s for SECONDS from a real server into the Notifications view's store
 * through our WebSocket connection, in this one thread (as in the extension host). A 60 Hz timer stands for the
 * frames this thread would serve: a frame is dropped when the timer fires more than one frame late; the longest
 * stall is the largest gap between two ticks.
 */
async function burst(httpUrl, rate, seconds) {
  const { webSocketConnection, closeWebSocketConnections, NotificationStore, jsonRpcCall } = ours();
  const url = httpUrl.replace(/^http/, 'ws');
  const total = Number(rate) * Number(seconds);
  const store = new NotificationStore(10_000, 'subscription', 200);
  let repaints = 0;
  // What the view does on each settled change: read every row it shows.
  let _rowsRead = 0;
  store.onDidChange(() => {
    repaints++;
    for (const entry of store.list()) _rowsRead += store.visible(entry, null).length;
  });
  const connection = webSocketConnection(url);
  let received = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const stop = connection.onNotification((n) => {
    store.add(n);
    if (++received === total) done();
  });
  await connection.connect();
  const frame = 1000 / 60;
  let last = performance.now();
  let longest = 0;
  let dropped = 0;
  let frames = 0;
  const stalls = [];
  let started = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const gap = now - last;
    last = now;
    frames++;
    longest = Math.max(longest, gap);
    if (gap > 50) stalls.push([Math.round(now - started), Math.round(gap)]);
    if (gap > 2 * frame) dropped += Math.floor(gap / frame) - 1;
  }, frame);
  started = performance.now();
  await jsonRpcCall(url, 'burst', [Number(rate), Number(seconds)]);
  await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, (Number(seconds) + 20) * 1000))]);
  const elapsed = performance.now() - started;
  clearInterval(ticker);
  stop();
  closeWebSocketConnections();
  store.dispose();
  return { received, total, elapsed_ms: elapsed, frames, dropped_frames: dropped, longest_stall_ms: longest, repaints, stalls: stalls.slice(0, 20), buffered: store.list()[0] ? store.visible(store.list()[0]).length : 0 };
}

const tasks = { decode, encode, discovery, latency, cap, parse, wslatency, burst };
try {
  const out = await tasks[task](...rest);
  delete out.result;
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
} catch (e) {
  process.stdout.write(JSON.stringify({ error: String(e?.message ?? e).split('\n')[0] }) + '\n');
  process.exit(1);
}
