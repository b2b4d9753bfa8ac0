// WebSocket endpoints as a user sees them: aria2's WebSocket interface in the tree (connected), the Notifications
// view showing itself during a real download (aria2.onDownloadStart / onDownloadComplete), a subscription grouped
// with its Unsubscribe action, and a request-file batch sent with ▷ Send Batch; the view in the dark theme too.
// Servers: aria2 (test/support/realServers.ts) and test/fixtures/ws_jsonrpc_server.py, from out/.
// Screenshots: test-results/screenshots/notifications-*.png
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../harness/codeServer.mjs';
import { addEndpoint, inputBox, openFile, resultFrame, waitForQuickInput } from './workbench.mjs';

const require = createRequire(import.meta.url);
const realServers = require(join(repoRoot, 'out', 'test', 'support', 'realServers.js'));
const wsServers = require(join(repoRoot, 'out', 'test', 'support', 'webSocketServers.js'));

const state = {};

/** The Notifications view's pane in the side bar. */
function notificationsPane(ui) {
  return ui.sidebar.locator('.pane').filter({ has: ui.page.locator('.pane-header', { hasText: /Notifications/i }) }).first();
}

/** A JSON-RPC call from the test itself over HTTP (aria2's other interface): the download is not the extension's. */
function aria2Call(port, method, params) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
    const request = http.request({ host: '127.0.0.1', port, path: '/jsonrpc', method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

export const tests = [
  {
    name: 'aria2 over WebSocket: the endpoint is connected and the Notifications view shows the download',
    timeoutMs: 150_000,
    async run(ui) {
      state.aria2 = await realServers.startAria2();
      state.files = http.createServer((_req, res) => res.end(Buffer.alloc(256 * 1024, 'a')));
      await new Promise((resolve) => state.files.listen(0, '127.0.0.1', resolve));
      const url = wsServers.aria2WebSocketUrl(state.aria2.port);
      await ui.openContainer();
      await addEndpoint(ui, url);
      await ui.waitForText(ui.sidebar, /aria2\s*\d+ methods/, 30_000);
      await ui.waitForText(ui.sidebar, 'JSON-RPC · connected', 20_000);
      const fileUrl = `http://127.0.0.1:${state.files.address().port}/ubuntu.iso`;
      for (const name of ['a', 'b']) {
        const answer = await aria2Call(state.aria2.port, 'aria2.addUri', [`token:${state.aria2.secret}`, [`${fileUrl}?${name}`], { out: `${name}.iso` }]);
        assert.ok(answer.result, JSON.stringify(answer));
      }
      const pane = notificationsPane(ui);
      await ui.waitForText(pane, 'aria2.onDownloadComplete', 30_000);
      await ui.waitForText(pane, 'aria2.onDownloadStart', 5_000);
      await ui.screenshot('aria2-download');
    },
  },
  {
    name: 'a subscription groups its notifications with Unsubscribe; a batch sent with Send Batch',
    timeoutMs: 150_000,
    async run(ui) {
      state.ws = await wsServers.startPythonWebSocketServer();
      await addEndpoint(ui, state.ws.url);
      // Its methods: the new endpoint's node opens by itself, except on a loaded machine at times: then by its twistie.
      const endpointRow = ui.sidebar.locator('.monaco-list-row').filter({ hasText: state.ws.url }).first();
      await ui.waitForText(endpointRow, 'JSON-R', 45_000);
      if ((await endpointRow.getAttribute('aria-expanded')) === 'false') await endpointRow.locator('.monaco-tl-twistie').click();
      await ui.waitForText(ui.sidebar, 'notify', 45_000);
      const text = [
        `@ws = ${state.ws.url}`,
        '',
        '### Subscribe to news',
        'CALL {{ws}} subscribe',
        '"news"',
        '',
        '### Adds',
        '# @batch pair',
        'CALL {{ws}} add',
        '1, 2',
        'EXPECT 3',
        '',
        '### Echoes',
        '# @batch pair',
        'CALL {{ws}} echo',
        '"e"',
        'EXPECT "e"',
        '',
      ].join('\n');
      writeFileSync(join(ui.workspaceDir, 'examples', 'ws.rpc'), text);
      await openFile(ui, 'examples/ws.rpc');
      const send = ui.page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: /^▷ Send$/ }).first();
      await send.waitFor({ state: 'visible', timeout: 15_000 });
      await send.click();
      const pane = notificationsPane(ui);
      await ui.waitForText(pane, /subscription sub-\d+/, 20_000);
      const group = pane.locator('.monaco-list-row').filter({ hasText: /subscription sub-\d+/ }).first();
      await group.click();
      await ui.page.keyboard.press('ArrowRight');
      await ui.waitForText(pane, 'rpc.subscription', 10_000);
      await group.hover();
      await group.locator('.action-label[aria-label="Unsubscribe"]').waitFor({ state: 'visible', timeout: 10_000 });
      await ui.screenshot('subscription');
      const batch = ui.page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: 'Send Batch' }).first();
      await batch.click();
      // The batch's two calls, each with its own verdict, in the Request Results view.
      const results = ui.sidebar.locator('.pane').filter({ hasText: /Request Results/i });
      await ui.waitForText(results, 'Echoes', 30_000);
      const shown = (await results.innerText()).replace(/\u00a0/g, ' ');
      assert.match(shown, /Adds/);
      assert.doesNotMatch(shown, /Subscribe to news/);
      await ui.page.locator('.monaco-editor .codelens-decoration span').filter({ hasText: '✓' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await ui.screenshot('batch-results');
    },
  },
  {
    name: 'a call to a ws endpoint shows the notifications that arrived during it beside its result',
    async run(ui) {
      await ui.runCommand('RPC Explorer: Call Method');
      await waitForQuickInput(ui, /endpoint/i);
      await inputBox(ui).fill(state.ws.url);
      await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), state.ws.url);
      await inputBox(ui).press('Enter');
      await waitForQuickInput(ui, /Call Method on/);
      await inputBox(ui).fill('notify');
      await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), 'notify');
      await inputBox(ui).press('Enter');
      await waitForQuickInput(ui, /Call notify on/);
      await inputBox(ui).fill('"progress", 4');
      await inputBox(ui).press('Enter');
      await ui.waitForText(resultFrame(ui).locator('body'), 'Notifications during the call (2)', 20_000);
      await ui.screenshot('result-with-notifications');
    },
  },
  {
    name: 'the Notifications view in the dark theme',
    async run(ui) {
      // The keyboard to the workbench, not the result panel the last test left focused (a focused webview takes the
      // focus back when the theme changes, which closes the palette this test types in).
      await notificationsPane(ui).locator('.monaco-list-row').first().click();
      await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
      try {
        await ui.page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'), undefined, { timeout: 10_000 });
        await ui.runCommand('RPC Explorer: Show Notifications');
        await ui.waitForText(notificationsPane(ui), /subscription sub-\d+/, 10_000);
        // The palette fades out: the screenshot waits until it is gone.
        await ui.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
        await ui.screenshot('dark-theme');
      } finally {
        await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
        await state.ws?.stop();
        await state.aria2?.stop();
        await new Promise((resolve) => state.files?.close(resolve));
      }
    },
  },
];
