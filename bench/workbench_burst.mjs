// notifications.burst in the workbench (issue #18): a real code-server with this checkout, the Notifications view
// open on a ws:// endpoint while bench/ws_server.mjs pushes `rate` notifications/s for `seconds` s. Measured in the
// workbench renderer (playwright's page): the 60 Hz frames it missed (requestAnimationFrame gaps), its longest stall
// and its long tasks (PerformanceObserver 'longtask'); and the extension host's responsiveness: a call made from a
// keybinding (rpcExplorer.callMethod, `add` on the same endpoint) until its result is on the panel, during the burst
// against the same before it. The same frame counting over an idle stretch first is the machine's own baseline.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, poll, runCleanups, tempDir } from '../test/harness/codeServer.mjs';
import { makeContext, openWorkbench } from '../test/ui/context.mjs';
import { resultFrame } from '../test/ui/workbench.mjs';

const FRAME_MS = 1000 / 60;
const CALL_BASE = 1_000_000;
const BURST_KEY = 'ctrl+shift+alt+z';
const PAUSE_KEY = 'ctrl+shift+alt+y';
const CALL_SAMPLES = 6;
/** Calls timed during each burst (the keybindings have 20: one warm-up, the idle ones, then these twice). */
const CALLS_PER_BURST = 5;

/**
 * The renderer's counters so far (CDP Performance.getMetrics): ThreadTime is its main thread's CPU time (s), which
 * other processes on the machine do not inflate; TaskDuration the wall time of its tasks; LayoutCount its layouts.
 */
async function rendererCounters(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { cpu: value('ThreadTime'), task: value('TaskDuration'), layouts: value('LayoutCount') };
}

/**
 * Starts counting frames in the workbench renderer; stopFrameMeter returns the figures. On a loaded machine the
 * wall-clock frames say as much about the other processes as about ours: the renderer's own task time (CPU spent on
 * its main thread) is the figure that is ours alone.
 */
async function startFrameMeter(page, cdp, hostPid) {
  page.rpcExplorerCounters = { ...(await rendererCounters(cdp)), host: cpuMs(hostPid) };
  await page.evaluate(() => {
    const meter = { gaps: [], longTasks: [], running: true, last: 0 };
    meter.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) meter.longTasks.push(entry.duration);
    });
    meter.observer.observe({ entryTypes: ['longtask'] });
    const tick = (now) => {
      if (meter.last) meter.gaps.push(now - meter.last);
      meter.last = now;
      if (meter.running) globalThis.requestAnimationFrame(tick);
    };
    globalThis.requestAnimationFrame(tick);
    globalThis.rpcExplorerFrameMeter = meter;
  });
}

async function stopFrameMeter(page, cdp, hostPid) {
  const now = { ...(await rendererCounters(cdp)), host: cpuMs(hostPid) };
  const before = page.rpcExplorerCounters;
  const { gaps, longTasks } = await page.evaluate(() => {
    const meter = globalThis.rpcExplorerFrameMeter;
    meter.running = false;
    meter.observer.disconnect();
    return { gaps: meter.gaps, longTasks: meter.longTasks };
  });
  const dropped = gaps.reduce((sum, gap) => sum + Math.max(0, Math.round(gap / FRAME_MS) - 1), 0);
  const spanMs = gaps.reduce((sum, gap) => sum + gap, 0);
  return {
    frames: gaps.length,
    expected_frames: Math.round(spanMs / FRAME_MS),
    dropped_frames: dropped,
    longest_stall_ms: Math.round(Math.max(0, ...gaps) * 10) / 10,
    long_tasks: longTasks.length,
    longest_task_ms: Math.round(Math.max(0, ...longTasks) * 10) / 10,
    long_task_total_ms: Math.round(longTasks.reduce((a, b) => a + b, 0)),
    span_ms: Math.round(spanMs),
    /** Per second of the span: the renderer main thread's CPU time, its tasks' wall time, its layouts. */
    main_thread_cpu_ms_per_s: Math.round(((now.cpu - before.cpu) * 1e6) / Math.max(1, spanMs)),
    main_thread_busy_ms_per_s: Math.round(((now.task - before.task) * 1e6) / Math.max(1, spanMs)),
    layouts_per_s: Math.round(((now.layouts - before.layouts) * 1000) / Math.max(1, spanMs)),
    /** The extension host's CPU time per second of the span (null when its process was not found). */
    extension_host_cpu_ms_per_s: Number.isNaN(now.host - before.host) ? null : Math.round(((now.host - before.host) * 1000) / Math.max(1, spanMs)),
  };
}

/** The pid of the extension host code-server `root` forked (a descendant with --type=extensionHost), if any. */
function extensionHostPid(root) {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const descends = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = parents.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  for (const pid of parents.keys()) {
    if (!descends(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=extensionHost')) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
function cpuMs(pid) {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (USER_HZ 100)
  } catch {
    return NaN;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
}

/**
 * Measures. wsUrl: the ws:// URL of bench/ws_server.mjs (`burst(rate, seconds)` and `add(a, b)`).
 * Returns { idle, burst, call_ms_idle, call_ms_during_burst, received, … } or { error }.
 */
export async function measureWorkbenchBurst({ wsUrl, rate, seconds, log = () => {} }) {
  const userDataDir = tempDir('rpc-explorer-burst-profile-');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  // Every call goes out from a keybinding, as a user's would (no palette typing in what is measured); each has its
  // own `add` so its result tells it apart on the panel.
  const callKeys = [...'abcdefghijklmnopqrst'].map((letter, i) => ({ key: `ctrl+shift+alt+${letter}`, press: `Control+Shift+Alt+${letter.toUpperCase()}`, sum: String(CALL_BASE + i) }));
  writeFileSync(
    join(userDataDir, 'User', 'keybindings.json'),
    JSON.stringify([
      ...callKeys.map(({ key }, i) => ({ key, command: 'rpcExplorer.callMethod', args: { url: wsUrl, method: 'add', args: [CALL_BASE, i] } })),
      { key: BURST_KEY, command: 'rpcExplorer.callMethod', args: { url: wsUrl, method: 'burst', args: [rate, seconds], showPanel: false } },
      { key: PAUSE_KEY, command: 'rpcExplorer.notifications.pause' },
    ]),
  );
  const browser = await launchBrowser();
  let workbench;
  let ui;
  try {
    workbench = await openWorkbench(browser, { userDataDir });
    const { page, workspaceDir, server } = workbench;
    ui = makeContext({ page, workspaceDir, baseUrl: server.baseUrl, fileTag: 'bench-burst', userDataDir: server.userDataDir });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await ui.openContainer();
    // Only our views on screen: the secondary side bar (chat) closed.
    await ui.runCommand('View: Close Secondary Side Bar').catch(() => {});
    const panelText = () => resultFrame(ui).locator('body').innerText({ timeout: 1000 }).catch(() => '');
    let used = 0;
    /** One call from its keybinding until its result is on the panel. */
    const timedCall = async () => {
      const { press, sum } = callKeys[used++];
      // The keys to the workbench: not the result panel's webview nor a chat input that took the focus.
      await ui.sidebar.locator('.composite.title').click();
      const t0 = performance.now();
      await page.keyboard.press(press);
      await poll(async () => (await panelText()).includes(sum), { timeoutMs: 60_000, intervalMs: 5, what: `the result ${sum} on the panel` });
      const ms = performance.now() - t0;
      log(`    call ${sum}: ${Math.round(ms)} ms`);
      return ms;
    };
    // The first call opens the connection and the panel (not measured).
    await timedCall();
    // The extension host runs by now (it answered the first call).
    const hostPid = extensionHostPid(server.child.pid);
    const idleCalls = [];
    for (let i = 0; i < CALL_SAMPLES; i++) idleCalls.push(await timedCall());
    log(`  workbench: idle calls ${idleCalls.map((ms) => Math.round(ms)).join(', ')} ms`);
    await startFrameMeter(page, cdp, hostPid);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const idle = await stopFrameMeter(page, cdp, hostPid);
    log(`  workbench idle ${seconds} s: ${idle.dropped_frames} dropped frames, longest stall ${idle.longest_stall_ms} ms, main thread CPU ${idle.main_thread_cpu_ms_per_s} ms/s (busy ${idle.main_thread_busy_ms_per_s} ms/s), ${idle.layouts_per_s} layouts/s, extension host CPU ${idle.extension_host_cpu_ms_per_s} ms/s`);

    await startFrameMeter(page, cdp, hostPid);
    const burstStart = performance.now();
    await page.keyboard.press('Control+Shift+Alt+Z');
    const pane = ui.sidebar.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /Notifications/i }) }).first();
    await ui.waitForText(pane, 'tick', 30_000);
    const burstCalls = [];
    while (performance.now() - burstStart < seconds * 1000 - 1000 && burstCalls.length < CALLS_PER_BURST) burstCalls.push(await timedCall());
    const total = rate * seconds;
    // The end of the burst: the view's count says the whole burst arrived (the ring buffer keeps the newest 10,000).
    let shownCount = 0;
    await poll(
      async () => {
        const header = (await pane.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
        const match = /(\d+) older notifications? dropped/.exec(header);
        const dropped = match ? Number(match[1]) : 0;
        const kept = /(\d+) notifications/.exec(header);
        shownCount = dropped + (kept ? Number(kept[1]) : 0);
        return shownCount >= total;
      },
      { timeoutMs: seconds * 1000 + 60_000, intervalMs: 250, what: `all ${total} notifications in the view` },
    ).catch(() => {});
    const burstMs = performance.now() - burstStart;
    const burst = await stopFrameMeter(page, cdp, hostPid);
    log(`  workbench burst: ${burst.dropped_frames} dropped frames of ${burst.expected_frames}, longest stall ${burst.longest_stall_ms} ms, main thread CPU ${burst.main_thread_cpu_ms_per_s} ms/s (busy ${burst.main_thread_busy_ms_per_s} ms/s), ${burst.layouts_per_s} layouts/s, extension host CPU ${burst.extension_host_cpu_ms_per_s} ms/s; calls ${burstCalls.map((ms) => Math.round(ms)).join(', ')} ms`);
    await ui.screenshot('after-burst');

    // The control: the same burst with the view paused (the extension host still receives and parses every message,
    // the view does not change): what is left is the machine's and the connection's share, not the view's.
    await ui.sidebar.locator('.composite.title').click();
    await page.keyboard.press('Control+Shift+Alt+Y');
    await ui.waitForText(pane, 'paused', 10_000);
    await startFrameMeter(page, cdp, hostPid);
    const pausedStart = performance.now();
    await page.keyboard.press('Control+Shift+Alt+Z');
    const pausedCalls = [];
    while (performance.now() - pausedStart < seconds * 1000 - 1000 && pausedCalls.length < CALLS_PER_BURST) pausedCalls.push(await timedCall());
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, seconds * 1000 + 1000 - (performance.now() - pausedStart))));
    const paused = await stopFrameMeter(page, cdp, hostPid);
    log(`  workbench burst, view paused: ${paused.dropped_frames} dropped frames of ${paused.expected_frames}, longest stall ${paused.longest_stall_ms} ms, main thread CPU ${paused.main_thread_cpu_ms_per_s} ms/s (busy ${paused.main_thread_busy_ms_per_s} ms/s), ${paused.layouts_per_s} layouts/s, extension host CPU ${paused.extension_host_cpu_ms_per_s} ms/s; calls ${pausedCalls.map((ms) => Math.round(ms)).join(', ')} ms`);
    return {
      rate,
      seconds,
      burst_ms: Math.round(burstMs),
      received_in_view: shownCount,
      idle,
      burst,
      paused,
      call_ms_idle: median(idleCalls),
      call_ms_during_burst: median(burstCalls),
      call_ms_during_paused_burst: median(pausedCalls),
      calls_idle_ms: idleCalls.map((ms) => Math.round(ms * 10) / 10),
      calls_during_burst_ms: burstCalls.map((ms) => Math.round(ms * 10) / 10),
      calls_during_paused_burst_ms: pausedCalls.map((ms) => Math.round(ms * 10) / 10),
    };
  } catch (error) {
    await ui?.screenshot('failed').catch(() => {});
    return { error: String(error?.message ?? error).split('\n')[0] };
  } finally {
    await workbench?.close();
    await browser.close().catch(() => {});
    await runCleanups();
  }
}
