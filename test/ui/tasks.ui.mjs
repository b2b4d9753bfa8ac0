// The server task as a user runs it: open examples/python-xmlrpc/server.py, run "Start Server from Current File"
// from the palette → the tree fills (local endpoint, sayHi), the status bar shows the port, the terminal runs it;
// "Stop Server" → the endpoint shows stopped. The workspace copy of the example gets a free port as its default.
// Screenshots: test-results/screenshots/tasks-*.png
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort, poll } from '../harness/codeServer.mjs';
import { openFile, treeRow } from './workbench.mjs';

/**
 * Messages in the notification center. Toasts only pop up in a focused window (a headless page is not), so the
 * center is opened the way a user would through the bell.
 */
async function notificationTexts(ui) {
  const center = ui.page.locator('.notifications-center');
  if (!(await center.isVisible().catch(() => false))) {
    await ui.runCommand('Notifications: Show Notifications');
    await center.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
  }
  const texts = await center.locator('.notification-list-item-message').allInnerTexts().catch(() => []);
  return texts.map((t) => t.replace(/\s+/g, ' ').trim());
}

const state = {};

export const tests = [
  {
    name: 'start server from the current file: the tree fills, the status bar shows the port',
    async run(ui) {
      state.port = await freePort();
      const file = join(ui.workspaceDir, 'examples', 'python-xmlrpc', 'server.py');
      // From the example as shipped, so that a second attempt of this test starts on its own port too.
      state.exampleSource ??= readFileSync(file, 'utf8');
      writeFileSync(file, state.exampleSource.replace("'8889'", `'${state.port}'`));
      await openFile(ui, 'examples/python-xmlrpc/server.py');
      const sidebar = await ui.openContainer();
      const started = Date.now();
      await ui.runCommand('RPC Explorer: Start Server from Current File');
      await ui.waitForText(sidebar, `127.0.0.1:${state.port}`, 45_000);
      await ui.waitForText(sidebar, 'sayHi', 45_000);
      ui.log(`palette command → sayHi visible in the tree: ${Date.now() - started} ms`);
      await ui.waitForText(sidebar, 'system');
      const statusBar = ui.page.locator('#workbench\\.parts\\.statusbar');
      await ui.waitForText(statusBar, String(state.port), 10_000);
      // The local endpoint carries a Stop action while it runs.
      const endpointRow = sidebar.locator('.monaco-list-row').filter({ hasText: `127.0.0.1:${state.port}` }).first();
      await endpointRow.hover();
      assert.ok(await endpointRow.locator('.action-label[aria-label*="Stop Server"]').count(), 'the endpoint row has a Stop Server action');
      await treeRow(ui, 'sayHi').hover();
      await ui.page.waitForTimeout(300); // let the hover styling settle for the picture, not a readiness wait
      await ui.screenshot('tree-filled-by-task');
      const problems = (await notificationTexts(ui)).filter((m) => /error|not ready|exited/i.test(m));
      await ui.page.keyboard.press('Escape');
      assert.deepEqual(problems, []);
    },
  },
  {
    name: 'stop server: the endpoint shows stopped and the status bar item goes away',
    async run(ui) {
      await ui.runCommand('RPC Explorer: Stop Server');
      const statusBar = ui.page.locator('#workbench\\.parts\\.statusbar');
      await poll(async () => !(await statusBar.innerText()).includes(String(state.port)), { timeoutMs: 10_000, what: 'the status bar item to go' });
      // Stopped is the row's icon (and its accessible name); its actions are Start Server and Debug Server.
      const endpointRow = ui.sidebar.locator('.monaco-list-row').filter({ hasText: `127.0.0.1:${state.port}` }).first();
      await poll(async () => /stopped/.test((await endpointRow.getAttribute('aria-label')) ?? ''), { timeoutMs: 10_000, what: 'the endpoint to show stopped' });
      await endpointRow.hover();
      await endpointRow.locator('.action-label[aria-label*="Start Server"]').waitFor({ timeout: 5_000 });
      assert.ok(await endpointRow.locator('.action-label[aria-label*="Debug Server"]').count(), 'the stopped endpoint has a Debug Server action');
      await ui.screenshot('server-stopped');
      await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
      await endpointRow.hover();
      await ui.page.waitForTimeout(300); // the theme's repaint, for the picture only
      await ui.screenshot('server-stopped-dark');
      await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
    },
  },
  {
    name: "the origin document's server (no introspection): sayHi from source",
    async run(ui) {
      state.originPort = await freePort();
      const file = join(ui.workspaceDir, 'examples', 'python-xmlrpc', 'origin_server.py');
      state.originSource = readFileSync(file, 'utf8');
      writeFileSync(file, state.originSource.replace("'8889'", `'${state.originPort}'`));
      await openFile(ui, 'examples/python-xmlrpc/origin_server.py');
      const sidebar = await ui.openContainer();
      await ui.runCommand('RPC Explorer: Start Server from Current File');
      await ui.waitForText(sidebar, `127.0.0.1:${state.originPort}`, 45_000);
      const row = sidebar
        .locator('.monaco-list-row')
        .filter({ has: ui.page.locator('.label-name', { hasText: /^sayHi$/ }) })
        .filter({ hasText: 'from source' });
      await row.waitFor({ state: 'visible', timeout: 45_000 });
      await ui.screenshot('origin-server-from-source');
      await ui.runCommand('RPC Explorer: Stop Server');
      const endpointRow = sidebar.locator('.monaco-list-row').filter({ hasText: `127.0.0.1:${state.originPort}` }).first();
      await poll(async () => /stopped/.test((await endpointRow.getAttribute('aria-label')) ?? ''), { timeoutMs: 10_000, what: 'the endpoint to show stopped' });
    },
  },
  {
    name: 'a server that crashes on start (port in use): one clear message, a problem at the file and line',
    async run(ui) {
      const blocker = createServer();
      await new Promise((r) => blocker.listen(0, '127.0.0.1', r));
      try {
        const port = blocker.address().port;
        const file = join(ui.workspaceDir, 'examples', 'python-xmlrpc', 'origin_server.py');
        state.originSource ??= readFileSync(file, 'utf8');
        writeFileSync(file, state.originSource.replace("'8889'", `'${port}'`));
        await openFile(ui, 'examples/python-xmlrpc/origin_server.py');
        await ui.runCommand('RPC Explorer: Start Server from Current File');
        const message = await poll(async () => (await notificationTexts(ui)).find((m) => /Address already in use/.test(m)), {
          timeoutMs: 45_000,
          what: 'the crash message',
        });
        await ui.screenshot('crash-message');
        await ui.page.keyboard.press('Escape');
        assert.match(message, /origin_server\.py exited \(exit code 1\) before it was ready: OSError: \[Errno 98\] Address already in use \(origin_server\.py:13\)/);
        await ui.runCommand('View: Focus Problems');
        await ui.waitForText(ui.panel, /Address already in use/, 10_000);
        await ui.waitForText(ui.panel, /Ln 13/, 10_000);
        await ui.quickInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
        await ui.screenshot('crash-on-start');
        assert.ok(!(await ui.sidebar.innerText()).includes(`127.0.0.1:${port}`), 'no endpoint was added');
      } finally {
        await new Promise((r) => blocker.close(r));
      }
    },
  },
];
