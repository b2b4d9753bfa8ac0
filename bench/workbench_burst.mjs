// notifications.burst in the workbench (issue #18): a real code-server with this checkout, the Notifications view
// open on a ws:// endpoint while bench/ws_server.mjs pushes `rate` notifications/s for `seconds` s. Measured in the
// workbench renderer (playwright's page): the 60 Hz frames it missed (requestAnimationFrame gaps), its longest stall
// and its long tasks (PerformanceObserver 'longtask'); and the extension host's responsiveness: a call made from a
// keybinding (rpcExplorer.callMethod, `add` on the same endpoint) until its result is on the panel, during the burst
// against the same before it. The same frame counting over an idle stretch first is the machine's own baseline.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, poll, runCleanups, tempDir } from '../test/harness/codeServer.mjs';
import { makeContext, openWorkbench } from '../test/ui/context.mjs';
import { resultFrame } from '../test/ui/workbench.mjs';

const FRAME_MS = 1000 / 60;
const CALL_BASE = 1_000_000;
const BURST_KEY = 'ctrl+shift+alt+z';
const CALL_SAMPLES = 6;

/** Starts counting frames in the workbench renderer; `stop()` there returns the figures. */
async function startFrameMeter(page) {
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

async function stopFrameMeter(page) {
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
  };
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
    ]),
  );
  const browser = await launchBrowser();
  let workbench;
  let ui;
  try {
    workbench = await openWorkbench(browser, { userDataDir });
    const { page, workspaceDir, server } = workbench;
    ui = makeContext({ page, workspaceDir, baseUrl: server.baseUrl, fileTag: 'bench-burst', userDataDir: server.userDataDir });
    await ui.openContainer();
    const panelText = () => resultFrame(ui).locator('body').innerText({ timeout: 1000 }).catch(() => '');
    let used = 0;
    /** One call from its keybinding until its result is on the panel. */
    const timedCall = async () => {
      const { press, sum } = callKeys[used++];
      const t0 = performance.now();
      await page.keyboard.press(press);
      await poll(async () => (await panelText()).includes(sum), { timeoutMs: 60_000, intervalMs: 5, what: `the result ${sum} on the panel` });
      const ms = performance.now() - t0;
      log(`    call ${sum}: ${Math.round(ms)} ms`);
      return ms;
    };
    // The first call opens the connection and the panel (not measured).
    await timedCall();
    const idleCalls = [];
    for (let i = 0; i < CALL_SAMPLES; i++) idleCalls.push(await timedCall());
    log(`  workbench: idle calls ${idleCalls.map((ms) => Math.round(ms)).join(', ')} ms`);
    await startFrameMeter(page);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const idle = await stopFrameMeter(page);
    log(`  workbench idle ${seconds} s: ${idle.dropped_frames} dropped frames, longest stall ${idle.longest_stall_ms} ms`);

    await startFrameMeter(page);
    const burstStart = performance.now();
    await page.keyboard.press('Control+Shift+Alt+Z');
    const pane = ui.sidebar.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /Notifications/i }) }).first();
    await ui.waitForText(pane, 'tick', 30_000);
    const burstCalls = [];
    while (performance.now() - burstStart < seconds * 1000 - 1000 && used < callKeys.length) burstCalls.push(await timedCall());
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
    const burst = await stopFrameMeter(page);
    log(`  workbench burst: ${burst.dropped_frames} dropped frames of ${burst.expected_frames}, longest stall ${burst.longest_stall_ms} ms; calls ${burstCalls.map((ms) => Math.round(ms)).join(', ')} ms`);
    await ui.screenshot('after-burst');
    return {
      rate,
      seconds,
      burst_ms: Math.round(burstMs),
      received_in_view: shownCount,
      idle,
      burst,
      call_ms_idle: median(idleCalls),
      call_ms_during_burst: median(burstCalls),
      calls_idle_ms: idleCalls.map((ms) => Math.round(ms * 10) / 10),
      calls_during_burst_ms: burstCalls.map((ms) => Math.round(ms * 10) / 10),
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
