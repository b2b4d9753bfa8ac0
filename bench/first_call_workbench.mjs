// ui.first_call_workbench (issue #17): a window's first call as a user makes it, in a real code-server and browser
// with this checkout: Add Endpoint (the bench's Python SimpleXMLRPCServer, started by bench/run.mjs), Call Method, the method `echo`, an
// argument, Enter; timed from Enter until the RPC Result webview shows the answer. Three windows in one browser, each
// with a fresh browser context (so the webview's service worker is registered anew) and a fresh code-server:
// - `fresh_browser`: the browser's first window, Enter as soon as the harness gets there. The browser's first
//   service-worker activation takes 2–3 s whatever the extension (a Markdown preview pays it too, with or without
//   RPC Explorer loaded): a once-per-browser cost, recorded;
// - `asap`: a later window, Enter as soon as the harness gets there, while the workbench is still starting;
// - `settled`: a later window, Enter once the workbench has started (no request of the page in flight or begun for
//   QUIET_MS).
// Beside each: when Enter came after the page opened, and the webview's own steps (its index.html requested → its
// service worker script loaded → its content frame requested), which are the workbench's, not ours.
import { launchBrowser, poll, runCleanups } from '../test/harness/codeServer.mjs';
import { makeContext, openWorkbench } from '../test/ui/context.mjs';
import { addEndpoint, inputBox, openArgumentBox, resultFrame } from '../test/ui/workbench.mjs';

const QUIET_MS = 2000;
const QUIET_LIMIT_MS = 30_000;

/** The page's requests: how many are in flight, when the last one began or ended, and the webview's steps. */
function watchRequests(page, openedAt) {
  const state = { inflight: 0, lastActivity: Date.now(), webview: {} };
  const context = page.context();
  const settle = () => {
    state.inflight--;
    state.lastActivity = Date.now();
  };
  context.on('request', (request) => {
    state.inflight++;
    state.lastActivity = Date.now();
    const url = request.url();
    const at = Date.now() - openedAt;
    if (url.includes('/webview/browser/pre/index.html')) state.webview.index_requested ??= at;
    if (url.includes('/webview/browser/pre/fake.html')) state.webview.content_requested ??= at;
  });
  context.on('requestfinished', (request) => {
    settle();
    if (request.url().includes('/webview/browser/pre/service-worker.js')) state.webview.service_worker_loaded ??= Date.now() - openedAt;
  });
  context.on('requestfailed', settle);
  return state;
}

/** Waits until the page has had no request in flight or begun for QUIET_MS: ms waited, or null after QUIET_LIMIT_MS. */
async function untilQuiet(state) {
  const started = Date.now();
  const quiet = () => state.inflight <= 0 && Date.now() - state.lastActivity >= QUIET_MS;
  return poll(quiet, { timeoutMs: QUIET_LIMIT_MS, intervalMs: 100, what: 'the page to stop requesting' }).then(() => Date.now() - started, () => null);
}

async function oneWindow(browser, serverUrl, { settled, name }) {
  const openedAt = Date.now();
  const workbench = await openWorkbench(browser, { print: () => {} });
  try {
    const requests = watchRequests(workbench.page, openedAt);
    const ui = makeContext({ ...workbench, baseUrl: workbench.server.baseUrl, fileTag: 'bench-first-call', print: () => {} });
    // The palette lists the extension's commands once the workbench has read its contributions: early, try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await addEndpoint(ui, serverUrl);
        break;
      } catch (e) {
        if (attempt === 10 || !/not in the palette/.test(String(e?.message))) throw e;
        await workbench.page.keyboard.press('Escape');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await openArgumentBox(ui, { method: 'echo' });
    const value = `first call ${name}`;
    await inputBox(ui).fill(JSON.stringify(value));
    const waitedMs = settled ? await untilQuiet(requests) : 0;
    const enter = Date.now();
    await inputBox(ui).press('Enter');
    await resultFrame(ui).getByText(value).first().waitFor({ timeout: 60_000 });
    const onScreen = Date.now() - enter;
    const w = requests.webview;
    return {
      on_screen_ms: onScreen,
      enter_after_page_opened_ms: enter - openedAt,
      waited_for_quiet_ms: waitedMs,
      webview_steps_ms: {
        index_to_service_worker: w.service_worker_loaded != null && w.index_requested != null ? w.service_worker_loaded - w.index_requested : null,
        service_worker_to_content: w.content_requested != null && w.service_worker_loaded != null ? w.content_requested - w.service_worker_loaded : null,
      },
    };
  } finally {
    await workbench.close();
  }
}

/** The three windows against the server at `serverUrl`; each figure is {error} when its window failed. */
export async function measureFirstCallInWorkbench({ serverUrl, log }) {
  const browser = await launchBrowser();
  const out = {};
  try {
    for (const [name, settled] of [['fresh_browser', false], ['asap', false], ['settled', true]]) {
      log(`  first call, ${name}...`);
      out[name] = await oneWindow(browser, serverUrl, { settled, name }).catch((e) => ({ error: String(e?.message ?? e).split('\n')[0].slice(0, 200) }));
    }
  } finally {
    await browser.close().catch(() => {});
    runCleanups();
  }
  return out;
}
