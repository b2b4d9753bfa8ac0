// Times what a user sees of one call, for `npm run bench` (bench/run.mjs runs this file alone in code-server and reads
// test-results/call-timing.json): from the documented command (what a keybinding runs) until the result panel's
// webview has put the outcome on screen, next to the panel's "Result in" and the same request's wire time measured
// here with the core alone. Loopback servers: the bench's Python SimpleXMLRPCServer (HTTP/1.0, a connection per
// call: the latency figure's server) and its fixed-response Node server (keep-alive).
// Only the bench sets RPC_EXPLORER_BENCH_CALL_TIMING=1; every other run skips this suite. Figures are recorded, not
// judged: timing budgets belong to the benchmark, never to a test.
import * as assert from 'assert/strict';
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import { callMethod } from '../../src/core';
import type { RpcExplorerApi } from '../../src/extension';
import { EXTENSION_ID } from './helpers';
import { hostIdle } from './hostIdle';
import { recordBenchFigure } from '../support/benchFigures';
import { closeFormTabs, formControlOpen, phasesOf, startOpenRpcServer, type OpenMarks } from './formOpenTiming';

const benchRun = process.env.RPC_EXPLORER_BENCH_CALL_TIMING === '1';
const ROUNDS = Number(process.env.RPC_EXPLORER_BENCH_CALL_ROUNDS || 40);
const controlFirst = process.env.RPC_EXPLORER_BENCH_CONTROL_FIRST === '1';
const WARMUP = 5;

interface Server {
  url: string;
  child: ChildProcess;
}

/** Starts a bench server script that prints "listening on URL"; rejects after a deadline. */
function startServer(command: string, args: string[], cwd: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args[0]} did not print its URL within 20 s: ${seen.slice(-200)}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ url: match[1], child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString('utf8')));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited (${code}) before listening: ${seen.slice(-200)}`));
    });
  });
}

function stopServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

/**
 * The host's own webview message round trip, for comparison: a do-nothing webview (same column, scripts on) that
 * posts every message straight back. Resolves the median of `rounds` round trips, and the time to open it.
 */
async function controlWebviewRoundTrip(rounds: number): Promise<{ open_ms: number; round_trip_ms: number | null; samples: number[] }> {
  const nonce = Math.random().toString(36).slice(2);
  const t0 = performance.now();
  const panel = vscode.window.createWebviewPanel('rpcExplorer.benchEcho', 'Echo (bench control)', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
  try {
    const received: unknown[] = [];
    let wake: (() => void) | undefined;
    panel.webview.onDidReceiveMessage((message) => {
      received.push(message);
      wake?.();
    });
    const next = async (): Promise<unknown> => {
      const deadline = Date.now() + 10_000;
      while (received.length === 0) {
        if (Date.now() > deadline) throw new Error('the control webview did not answer within 10 s');
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return received.shift();
    };
    panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'"></head><body><p>echo</p><script nonce="${nonce}">
const vscode = acquireVsCodeApi();
window.addEventListener('message', (event) => vscode.postMessage(event.data));
vscode.postMessage({ ready: true });
</script></body></html>`;
    await next();
    const openMs = performance.now() - t0;
    const samples: number[] = [];
    for (let i = 0; i < rounds + WARMUP; i++) {
      const started = performance.now();
      void panel.webview.postMessage({ n: i });
      const answer = (await next()) as { n?: number };
      assert.equal(answer.n, i);
      if (i >= WARMUP) samples.push(performance.now() - started);
    }
    return { open_ms: Number(openMs.toFixed(2)), round_trip_ms: median(samples), samples: samples.map((x) => Number(x.toFixed(3))) };
  } finally {
    panel.dispose();
  }
}

interface Sample {
  /** Command → outcome on screen (the webview acknowledged it). */
  ui_ms: number;
  /** Command → the command's promise resolved (the outcome posted to the webview, not yet shown). */
  command_ms: number;
  /** Command → the webview acknowledged the pending view (shown before the request is sent). */
  pending_shown_ms: number;
  /** The panel's "Result in". */
  result_in_ms: number;
  /** The same request through the core alone, in this host. */
  wire_ms: number;
}

/** One call as a keybinding makes it, timed until the webview shows its outcome. */
async function uiCall(api: RpcExplorerApi, url: string, expected: unknown): Promise<Omit<Sample, 'wire_ms'>> {
  let pendingShown = NaN;
  const t0 = performance.now();
  const listener = api.onDidShowResult((shown) => {
    if (shown.status === 'pending' && Number.isNaN(pendingShown)) pendingShown = performance.now() - t0;
  });
  const value = await vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'echo', ['x']).then(
    (v) => v,
    (e) => {
      listener.dispose();
      throw e;
    },
  );
  const t1 = performance.now();
  const view = api.lastResult();
  assert.ok(view, 'the result panel shows no call');
  assert.equal(view.status, 'ok', `the call failed: ${view.error ?? view.status}`);
  assert.deepEqual(value, expected);
  const shown = await api.whenResultShown(view.callId, 10_000);
  const t2 = performance.now();
  listener.dispose();
  assert.equal(shown, true, `call ${view.callId} was not shown within 10 s`);
  return { ui_ms: t2 - t0, command_ms: t1 - t0, pending_shown_ms: pendingShown, result_in_ms: view.elapsedMs ?? NaN };
}

/**
 * The call form: opening the form of a 50-parameter nested OpenRPC method until its fields can be typed in
 * (ui.form_open_ms), and Send → the result on screen in the form, against the same Python server and method as
 * ui.call_ms (ui.form_call_ms).
 */
async function formTiming(api: RpcExplorerApi, python: string, benchDir: string): Promise<Record<string, unknown>> {
  const openRpc = await startOpenRpcServer();
  const pythonServer = await startServer(python, [path.join(benchDir, 'python_bench.py'), 'server', '10'], benchDir);
  try {
    await api.addEndpoint(openRpc.url, { protocol: 'jsonrpc' });
    await api.addEndpoint(pythonServer.url, { protocol: 'xmlrpc' });
    // The first form loads the feature's module: its own figure.
    const coldStart = performance.now();
    const forms = await api.openCallForm(pythonServer.url, 'echo');
    await new Promise<void>((resolve) => {
      const listener = forms.onDidBecomeInteractive((e) => e.method === 'echo' && (listener.dispose(), resolve()));
    });
    const coldOpen = performance.now() - coldStart;
    const formMarks: OpenMarks[] = [];
    const openOnce = async (): Promise<number> => {
      await closeFormTabs();
      const t0 = performance.now();
      const start = performance.timeOrigin + t0;
      const interactive = new Promise<void>((resolve) => {
        const listener = forms.onDidBecomeInteractive((e) => e.method === 'wide' && (listener.dispose(), formMarks.push({ start, ...e.marks }), resolve()));
      });
      await api.openCallForm(openRpc.url, 'wide');
      await interactive;
      return performance.now() - t0;
    };
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    for (let i = 0; i < WARMUP; i++) await openOnce();
    formMarks.length = 0;
    // Interleaved with the control (the same panel options and CSP shell, a page that only says it is ready), so a
    // drift in load weighs on both: ours − control is what the form itself costs.
    const opens: number[] = [];
    const control: { ms: number; marks: OpenMarks }[] = [];
    for (let i = 0; i < 15; i++) {
      opens.push(await openOnce());
      control.push(await formControlOpen(extensionUri));
    }
    await closeFormTabs();

    await closeFormTabs();
    await api.callMethod(pythonServer.url, 'echo', ['x'], { showPanel: false });
    await api.openCallForm(pythonServer.url, 'echo');
    await new Promise<void>((resolve) => {
      const listener = forms.onDidBecomeInteractive((e) => e.method === 'echo' && (listener.dispose(), resolve()));
    });
    const callOnce = async (): Promise<number> => {
      const t0 = performance.now();
      const shown = new Promise<string>((resolve) => {
        const listener = forms.onDidShowResult((e) => e.method === 'echo' && (listener.dispose(), resolve(e.status)));
      });
      assert.ok(forms.send(pythonServer.url, 'echo'), 'the form of echo is open');
      assert.equal(await shown, 'ok');
      return performance.now() - t0;
    };
    for (let i = 0; i < WARMUP; i++) await callOnce();
    await hostIdle(5_000);
    const calls: number[] = [];
    for (let i = 0; i < ROUNDS; i++) calls.push(await callOnce());
    await closeFormTabs();
    const controlMs = median(control.map((c) => c.ms));
    console.log(`call form: open ${median(opens)} ms (first ${coldOpen.toFixed(1)} ms; the control webview ${controlMs} ms), send → result ${median(calls)} ms`);
    return {
      open_ms: median(opens),
      control_open_ms: controlMs,
      open_phases: phasesOf(formMarks),
      control_phases: phasesOf(control.map((c) => c.marks)),
      cold_open_ms: Number(coldOpen.toFixed(2)),
      call_ms: median(calls),
      params: 50,
      open_samples: opens.map((v) => Number(v.toFixed(3))),
      control_samples: control.map((c) => Number(c.ms.toFixed(3))),
      call_samples: calls.map((v) => Number(v.toFixed(3))),
    };
  } finally {
    await api.removeEndpoint(openRpc.url);
    await api.removeEndpoint(pythonServer.url);
    await openRpc.close();
    await stopServer(pythonServer);
  }
}

async function wireCall(url: string, expected: unknown): Promise<number> {
  const t0 = performance.now();
  const value = await callMethod(url, 'xmlrpc', 'echo', ['x']);
  const elapsed = performance.now() - t0;
  assert.deepEqual(value, expected);
  return elapsed;
}

const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return Number((s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2).toFixed(3));
};

(benchRun ? suite : suite.skip)('Call timing in the extension host (for the benchmark)', function () {
  this.timeout(300_000);
  const servers: Server[] = [];

  suiteTeardown(async () => {
    for (const server of servers) await stopServer(server);
  });

  test('times command → result on screen, "Result in" and the wire time, and records call-timing.json', async () => {
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in this extension host`);
    const api = await ext.activate();
    const benchDir = path.join(ext.extensionPath, 'bench');
    const python = process.env.PYTHON || 'python3';
    const targets = [
      { name: 'python_server', title: 'Python SimpleXMLRPCServer (HTTP/1.0, a connection per call)', expected: 'x', start: () => startServer(python, [path.join(benchDir, 'python_bench.py'), 'server', '10'], benchDir) },
      { name: 'node_server', title: 'fixed-response Node server (keep-alive)', expected: 5, start: () => startServer(process.execPath, [path.join(benchDir, 'fixed_server.mjs')], benchDir) },
    ];
    const record: Record<string, unknown> = {
      host: `${vscode.env.appName} ${vscode.version}, node ${process.version}`,
      at: new Date().toISOString(),
      rounds: ROUNDS,
      warmup: WARMUP,
      host_idle_after_ms: Number((await hostIdle()).toFixed(0)),
    };
    // `--control-first` (bench): a do-nothing webview opens first, so the workbench's first webview of the session
    // (its host page, service worker) is timed alone, and the first call below no longer pays for it.
    if (controlFirst) record.control_webview_first = await controlWebviewRoundTrip(5);
    for (const target of targets) {
      const server = await target.start();
      servers.push(server);
      // The Node server answers every method with 5, introspection too: its protocol is given, not detected.
      await api.addEndpoint(server.url, { protocol: 'xmlrpc' });
      // The first call of the session (it opens the result panel and loads its webview) is reported apart.
      const cold = target === targets[0] ? await uiCall(api, server.url, target.expected) : undefined;
      for (let i = 0; i < WARMUP; i++) {
        await uiCall(api, server.url, target.expected);
        await wireCall(server.url, target.expected);
      }
      await hostIdle(5_000);
      const samples: Sample[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        // Alternate which goes first, so a drift in load favours neither.
        let wire: number;
        let ui: Omit<Sample, 'wire_ms'>;
        if (i % 2 === 0) {
          wire = await wireCall(server.url, target.expected);
          ui = await uiCall(api, server.url, target.expected);
        } else {
          ui = await uiCall(api, server.url, target.expected);
          wire = await wireCall(server.url, target.expected);
        }
        samples.push({ ...ui, wire_ms: wire });
      }
      const pick = (key: keyof Sample) => samples.map((s) => s[key]);
      record[target.name] = {
        title: target.title,
        url: server.url,
        call_ms: median(pick('ui_ms')),
        command_ms: median(pick('command_ms')),
        pending_shown_ms: median(pick('pending_shown_ms')),
        shown_after_command_ms: median(samples.map((s) => s.ui_ms - s.command_ms)),
        result_in_ms: median(pick('result_in_ms')),
        wire_ms: median(pick('wire_ms')),
        result_in_minus_wire_ms: median(samples.map((s) => s.result_in_ms - s.wire_ms)),
        cold: cold ? Object.fromEntries(Object.entries(cold).map(([k, v]) => [k === 'ui_ms' ? 'call_ms' : k, Number(v.toFixed(2))])) : undefined,
        samples: samples.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Number(v.toFixed(3))]))),
      };
      // Our panel's show round trip: the outcome posted (the command resolved) → the webview acknowledged it.
      if (target.name === 'node_server') record.panel_show = { round_trip_ms: median(samples.map((s) => s.ui_ms - s.command_ms)) };
      console.log(`call timing ${target.name}: ui ${median(pick('ui_ms'))} ms, command ${median(pick('command_ms'))} ms, Result in ${median(pick('result_in_ms'))} ms, wire ${median(pick('wire_ms'))} ms`);
      await stopServer(server);
    }
    record.form = await formTiming(api, python, benchDir);
    // Last: it takes the panel's column, so our panel would have to be revealed again.
    record.control_webview = await controlWebviewRoundTrip(ROUNDS);
    recordBenchFigure('call-timing', record, ext.extensionPath);
  });
});
