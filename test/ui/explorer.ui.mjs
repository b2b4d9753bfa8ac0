// The explorer and Call flow as a user drives it: palette → Add Endpoint → tree rows → Call Method (method pick,
// typed-JSON argument box with validation) → "RPC Result" panel (result, fault, markup shown as text).
// Servers: real Python SimpleXMLRPCServers on free ports (test/support/servers.ts, compiled to out/).
// Screenshots: test-results/screenshots/explorer-*.png
import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { poll, repoRoot } from '../harness/codeServer.mjs';
import { addEndpoint, inputBox, openArgumentBox as openArgumentBoxIn, resultFrame, treeRow, waitForQuickInput, whileQuickInputStays } from './workbench.mjs';

const require = createRequire(import.meta.url);
const servers = require(join(repoRoot, 'out', 'test', 'support', 'servers.js'));

/** Servers started by this file, stopped by its last test. */
const running = {};

/** Call Method's argument box for a method (workbench.mjs), with a picture of the method pick for sayHi. */
function openArgumentBox(ui, { endpoint, method }) {
  return openArgumentBoxIn(ui, { endpoint, method, onMethodPick: method === 'sayHi' ? () => ui.screenshot('method-pick') : undefined });
}

export const tests = [
  {
    name: 'add endpoint from the palette: the tree shows its methods grouped, with tooltips',
    async run(ui) {
      running.example = await servers.startExampleXmlRpcServer();
      running.fixture = await servers.startXmlRpcServer({ introspection: true });
      const sidebar = await ui.openContainer();
      await addEndpoint(ui, running.example.url);
      await ui.waitForText(sidebar, 'sayHi', 20_000);
      await ui.waitForText(sidebar, 'system');
      await ui.waitForText(sidebar, 'XML-RPC');
      await treeRow(ui, 'system').click();
      await ui.waitForText(sidebar, 'listMethods');
      await treeRow(ui, 'sayHi').hover();
      await ui.page.locator('.monaco-hover').first().waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
      await ui.screenshot('tree');
      await ui.page.mouse.move(900, 700);
    },
  },
  {
    name: 'Call Method: the argument box shows the signature, flags invalid JSON, and the result panel shows "Hi phyger!"',
    async run(ui) {
      await openArgumentBox(ui, { method: 'sayHi' });
      await inputBox(ui).fill('"phy');
      await ui.waitForText(ui.quickInput, /Not valid typed JSON arguments/);
      await ui.screenshot('argument-invalid');
      await inputBox(ui).fill('"phyger"');
      await ui.page.waitForFunction(() => !document.querySelector('.quick-input-widget')?.textContent?.includes('Not valid typed JSON'), undefined, { timeout: 5_000 });
      await ui.screenshot('argument-input');
      await inputBox(ui).press('Enter');
      const body = resultFrame(ui).locator('body');
      await ui.waitForText(body, 'Hi phyger!', 20_000);
      // The protocol as the tree names it, not its id.
      await ui.waitForText(body, 'XML-RPC', 5_000);
      await ui.waitForText(body, 'Result in');
      await ui.screenshot('result');
      // Open as JSON: an untitled JSON document with the typed JSON result.
      await resultFrame(ui).locator('button', { hasText: 'Open as JSON' }).click();
      await ui.waitForText(ui.page.locator('.editor-instance .view-lines').first(), /"Hi\sphyger!"/, 10_000);
      await ui.runCommand('View: Revert and Close Editor');
      await ui.page.locator('.editor-instance .view-lines').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
      // Give the keyboard back to the workbench (not the webview) for the next palette command.
      await treeRow(ui, 'sayHi').click();
    },
  },
  {
    name: 'Call Again pressed with the keyboard sends the call again and keeps the keyboard on Call Again',
    async run(ui) {
      const started = Date.now();
      const frame = resultFrame(ui);
      await ui.waitForText(frame.locator('body'), 'Hi phyger!', 10_000);
      const again = frame.locator('button', { hasText: 'Call Again' });
      // Does `act`, then waits until the next call's outcome has replaced the status line shown before it.
      const nextOutcome = async (act) => {
        await frame.locator('.status').evaluate((node) => node.setAttribute('data-earlier', ''));
        await act();
        await frame.locator('.status:not([data-earlier])').waitFor({ timeout: 10_000 });
        await ui.waitForText(frame.locator('body'), 'Hi phyger!', 5_000);
      };
      const focused = () => frame.locator('body').evaluate(() => document.activeElement?.textContent);
      // A click puts the keyboard in the panel, as a user's does; then Enter on the button it left focused.
      await nextOutcome(() => again.click());
      assert.equal(await focused(), 'Call Again', 'the keyboard stays on Call Again after a click');
      await nextOutcome(() => ui.page.keyboard.press('Enter'));
      assert.equal(await focused(), 'Call Again', 'the keyboard stays on Call Again after Enter');
      // The keyboard back to the workbench for the next palette command. The test before this one ended with a click on
      // the same row: two clicks on a method within 500 ms are a double click, which opens its call form.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 600 - (Date.now() - started))));
      await treeRow(ui, 'sayHi').click();
    },
  },
  {
    name: 'the result panel\'s Save to Request File writes the call shown into a request file',
    async run(ui) {
      await openArgumentBox(ui, { method: 'sayHi' });
      // The arguments the tests after this one expect as the last ones used.
      await inputBox(ui).fill('"phyger"');
      await inputBox(ui).press('Enter');
      const frame = resultFrame(ui);
      await ui.waitForText(frame.locator('body'), 'Hi phyger!', 20_000);
      await frame.locator('button', { hasText: 'Save to Request File' }).click();
      // The pick offers the workspace's request files (the examples), then New.
      await ui.waitForText(ui.quickInput, 'New Request File', 10_000);
      await ui.waitForText(ui.quickInput, '.rpc');
      await ui.screenshot('save-to-request-file-pick');
      await inputBox(ui).fill('New Request File');
      await inputBox(ui).press('Enter');
      // A new untitled request file holding the call: URL, method and the arguments sent.
      const lines = ui.page.locator('.editor-instance .view-lines').first();
      await ui.waitForText(lines, /CALL\s+http:\/\/127\.0\.0\.1:\d+\s+sayHi/, 10_000);
      await ui.waitForText(lines, '"phyger"');
      await ui.screenshot('saved-to-request-file');
      await ui.runCommand('View: Revert and Close Editor');
      await lines.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
      // The result panel is the active editor again and the workbench gives it the focus a moment later: wait for that,
      // or it would take the focus from the next test's palette.
      await poll(async () => frame.locator('body').evaluate(() => document.hasFocus()).catch(() => false), { timeoutMs: 5_000, what: 'the result panel to have the focus' }).catch(() => {});
      await treeRow(ui, 'sayHi').click();
    },
  },
  {
    name: 'a fault shows in the result panel with its code, styled as an error',
    async run(ui) {
      await addEndpoint(ui, running.fixture.url);
      await ui.waitForText(ui.sidebar, 'describe', 20_000);
      await openArgumentBox(ui, { endpoint: running.fixture.url, method: 'fail' });
      await inputBox(ui).fill('4711, "disk on fire"');
      await inputBox(ui).press('Enter');
      const body = resultFrame(ui).locator('body');
      await ui.waitForText(body, 'code 4711', 20_000);
      await ui.waitForText(body, 'disk on fire');
      await ui.screenshot('fault');
      // After a fault the panel offers Edit and Call: the argument box, pre-filled with what was sent.
      await resultFrame(ui).locator('button', { hasText: 'Edit and Call' }).click();
      await waitForQuickInput(ui, /Call fail on/);
      assert.equal(await inputBox(ui).inputValue(), '4711, "disk on fire"');
      await inputBox(ui).press('Escape');
    },
  },
  {
    name: 'a result holding markup is shown literally (no element made from it)',
    async run(ui) {
      await openArgumentBox(ui, { endpoint: running.fixture.url, method: 'echo' });
      await inputBox(ui).fill('{"html": "<img src=x onerror=alert(1)>", "when": {"$datetime": "20260102T03:04:05"}, "bytes": {"$base64": "aGk="}}');
      await inputBox(ui).press('Enter');
      const frame = resultFrame(ui);
      await ui.waitForText(frame.locator('body'), '<img src=x onerror=alert(1)>', 20_000);
      await ui.waitForText(frame.locator('body'), 'binary, 2 bytes');
      assert.equal(await frame.locator('img').count(), 0, 'no <img> element in the result');
      await ui.screenshot('result-markup-as-text');
    },
  },
  {
    name: 'double-click on a method in the tree opens its call form with the last arguments; Enter focuses it again',
    async run(ui) {
      const sidebar = await ui.openContainer();
      await ui.waitForText(sidebar, 'sayHi');
      await treeRow(ui, 'sayHi').dblclick();
      const form = ui.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
      await form.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
      await form.getByRole('tab', { name: /^Raw/ }).click();
      assert.equal(await form.locator('#raw-text').inputValue(), '"phyger"');
      // Keyboard: Enter on the selected method opens (focuses) the same form: still one tab.
      await treeRow(ui, 'sayHi').click();
      await ui.page.keyboard.press('Enter');
      await ui.waitForText(ui.page.locator('.tabs-container .tab.active'), 'Call sayHi');
      assert.equal(await ui.page.locator('.tabs-container .tab', { hasText: 'Call sayHi' }).count(), 1);
      // Focused: the form's page has the keyboard (the workbench moves it there a moment after the tab is active).
      await poll(async () => form.locator('body').evaluate(() => document.hasFocus()).catch(() => false), { timeoutMs: 10_000, what: 'the call form to have the focus' });
      await ui.runCommand('View: Close All Editors');
    },
  },
  {
    name: 'Call History lists the calls and re-runs one',
    async run(ui) {
      await ui.runCommand('RPC Explorer: Call History');
      await waitForQuickInput(ui, /Call History/);
      await inputBox(ui).fill('sayHi');
      await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), 'sayHi');
      await ui.screenshot('history');
      await inputBox(ui).press('Enter');
      await ui.waitForText(resultFrame(ui).locator('body'), 'Hi phyger!', 20_000);
      // A result panel opened into an empty editor area takes the focus once its page has loaded (the workbench does,
      // whatever preserveFocus says): wait for that, or it would close the next test's palette mid-way.
      await poll(async () => resultFrame(ui).locator('body').evaluate(() => document.hasFocus()).catch(() => false), { timeoutMs: 8_000, what: 'the result panel to have the focus' }).catch(() => {});
    },
  },
  {
    name: 'Set Request Header: a credential is typed in a password box and kept in the OS keychain',
    async run(ui) {
      await whileQuickInputStays(ui, 'the Set Request Header pick', async () => {
        await ui.runCommand('RPC Explorer: Set Request Header…');
        await waitForQuickInput(ui, /endpoint/i);
        await inputBox(ui).fill(running.fixture.url.replace('http://', ''), { timeout: 5_000 });
        await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), running.fixture.url);
        await inputBox(ui).press('Enter');
        await waitForQuickInput(ui, /Request headers of/);
      });
      await inputBox(ui).fill('Authorization');
      await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), 'Authorization');
      await inputBox(ui).press('Enter');
      await waitForQuickInput(ui, /OS keychain/);
      assert.equal(await inputBox(ui).getAttribute('type'), 'password', 'the value is masked while typed');
      await inputBox(ui).fill('Bearer ui-test-token');
      await ui.screenshot('set-header-secret');
      await inputBox(ui).press('Enter');
      await ui.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
      // The header now goes with every call; the endpoint still answers.
      await openArgumentBox(ui, { endpoint: running.fixture.url, method: 'sayHi' });
      await inputBox(ui).fill('"again"');
      await inputBox(ui).press('Enter');
      await ui.waitForText(resultFrame(ui).locator('body'), 'Hi again!', 20_000);
      const settings = await ui.page.evaluate(() => document.body.innerText);
      assert.ok(!settings.includes('ui-test-token'), 'the token is shown nowhere in the workbench');
    },
  },
  {
    // Last call to the fixture server: SimpleXMLRPCServer is single-threaded and keeps sleeping after the cancel.
    name: 'a slow call shows as pending with a Cancel button that stops it',
    async run(ui) {
      await openArgumentBox(ui, { endpoint: running.fixture.url, method: 'sleep' });
      await inputBox(ui).fill('30');
      await inputBox(ui).press('Enter');
      const frame = resultFrame(ui);
      await ui.waitForText(frame.locator('body'), 'Calling…', 10_000);
      await ui.screenshot('pending');
      await frame.locator('button', { hasText: 'Cancel' }).click();
      await ui.waitForText(frame.locator('body'), 'Cancelled', 5_000);
      await ui.screenshot('cancelled');
    },
  },
  {
    name: 'the "RPC Explorer" log shows one line per request',
    async run(ui) {
      await ui.runCommand('RPC Explorer: Show Log');
      // The output editor draws only the lines in view and a short panel shows the last few: the lines looked for are
      // filtered for, as a user finds them. It renders spaces as no-break spaces: match them with \s.
      const filter = ui.panel.locator('.viewpane-filter input');
      await filter.fill('call sayHi');
      await ui.waitForText(ui.panel, /call\ssayHi\son\s.*→\sok/, 15_000);
      await filter.fill('discover');
      await ui.waitForText(ui.panel, /discover\s.*→\sxmlrpc,\s\d+\smethods/);
      await ui.screenshot('log');
      // Unfiltered again: no stack trace among the lines in view.
      await filter.fill('');
      await ui.waitForText(ui.panel, /discover\s.*→\sxmlrpc/);
      const text = (await ui.panel.allInnerTexts()).join('\n');
      assert.doesNotMatch(text, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack traces in the log');
      await ui.runCommand('View: Toggle Panel Visibility');
    },
  },
  {
    name: 'the tree and the result panel follow a dark theme',
    async run(ui) {
      // The keyboard to the workbench, not the result panel the last test clicked in: a focused webview takes the
      // focus back when the theme changes, which closes the quick input this test types in.
      await treeRow(ui, 'sayHi').click();
      await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
      try {
        await ui.page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'), undefined, { timeout: 10_000 });
        await openArgumentBox(ui, { endpoint: running.example.url, method: 'sayHi' });
        await inputBox(ui).fill('"dark"');
        await inputBox(ui).press('Enter');
        await ui.waitForText(resultFrame(ui).locator('body'), 'Hi dark!', 20_000);
        await ui.screenshot('result-dark-theme');
      } finally {
        await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
      }
    },
  },
  {
    name: 'a server without introspection: the endpoint node shows the error and the hint, no dialog',
    async run(ui) {
      running.origin = await servers.startOriginXmlRpcServer();
      const sidebar = await ui.openContainer();
      await addEndpoint(ui, running.origin.url);
      await ui.waitForText(sidebar, /no introspection/i, 20_000);
      await ui.waitForText(sidebar, 'register_introspection_functions');
      assert.equal(await ui.page.locator('.monaco-dialog-box').count(), 0, 'no modal dialog');
      await ui.screenshot('tree-no-introspection');
      // The origin document's server still calls: type the method name in the pick.
      await ui.runCommand('RPC Explorer: Call Method');
      await waitForQuickInput(ui, /endpoint/i);
      await inputBox(ui).fill(running.origin.url.replace('http://', ''));
      await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), running.origin.url);
      await inputBox(ui).press('Enter');
      await waitForQuickInput(ui, /Call Method on/);
      assert.match((await inputBox(ui).getAttribute('placeholder')) ?? '', /did not list its methods/);
      await inputBox(ui).fill('sayHi');
      await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), 'call this name');
      await ui.screenshot('method-typed-name');
      await inputBox(ui).press('Enter');
      await waitForQuickInput(ui, /Call sayHi on/);
      await inputBox(ui).fill('"phyger"');
      await inputBox(ui).press('Enter');
      await ui.waitForText(resultFrame(ui).locator('body'), 'Hi phyger!', 20_000);
    },
  },
  {
    name: 'Remove Endpoint asks nothing and can be undone from its notification',
    async run(ui) {
      const sidebar = await ui.openContainer();
      const row = ui.sidebar.locator('.monaco-list-row', { hasText: running.origin.url.replace('http://', '') }).first();
      await row.click({ button: 'right' });
      const menu = ui.page.locator('.context-view .monaco-menu');
      await ui.waitForText(menu, 'Remove Endpoint');
      await ui.screenshot('endpoint-context-menu');
      await ui.page.keyboard.press('Escape');
      await ui.runCommand('RPC Explorer: Remove Endpoint');
      await waitForQuickInput(ui, /Remove Endpoint/);
      await inputBox(ui).fill(running.origin.url.replace('http://', ''));
      await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), running.origin.url);
      await inputBox(ui).press('Enter');
      await ui.page.waitForFunction((url) => !document.querySelector('#workbench\\.parts\\.sidebar')?.textContent?.includes(url), running.origin.url, { timeout: 10_000 });
      // The notification (a toast, or in the notification center when toasts are held back) offers Undo.
      const toast = ui.page.locator('.notification-toast', { hasText: 'Removed' });
      if (!(await toast.isVisible().catch(() => false))) {
        await ui.runCommand('Notifications: Show Notifications');
        await ui.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
      }
      const notification = ui.page.locator('.notification-list-item', { hasText: 'Removed' }).last();
      await notification.waitFor({ state: 'visible', timeout: 10_000 });
      await ui.screenshot('removed-undo');
      await notification.locator('.monaco-button', { hasText: 'Undo' }).click();
      await ui.waitForText(sidebar, running.origin.url.replace('http://', ''), 10_000);
      await ui.runCommand('Notifications: Clear All Notifications');
    },
  },
  {
    name: '2,000 methods: from Add Endpoint to rows in the tree (measured)',
    async run(ui) {
      // A second attempt adds the same server again (rediscovered), not a second endpoint the clean-up would not know.
      running.big ??= await servers.startXmlRpcServer({ introspection: true, multicall: true, methods: 2000 });
      const sidebar = await ui.openContainer();
      await ui.runCommand('RPC Explorer: Add Endpoint');
      await waitForQuickInput(ui, /URL/);
      await inputBox(ui).fill(running.big.url);
      await inputBox(ui).press('Enter');
      await waitForQuickInput(ui, /protocol/i);
      const started = Date.now();
      await inputBox(ui).press('Enter');
      await ui.waitForText(sidebar, 'method_0000', 60_000);
      const ms = Date.now() - started;
      ui.log(`2,000-method server: protocol accepted → first method rows visible in ${ms} ms`);
      // The tree stays usable: scrolling to the end of 2,000 rows and expanding works at once.
      // A click that lands while the tree is still laying out the new rows leaves it without the keyboard: once
      // more (logged) when End did not reach the last row.
      for (let attempt = 1; ; attempt++) {
        await treeRow(ui, 'method_0000').click();
        await ui.page.keyboard.press('End');
        const reached = await ui.waitForText(sidebar, 'method_1999', 5_000).then(() => true, (e) => (attempt === 2 ? Promise.reject(e) : false));
        if (reached) break;
        ui.log('(End did not reach the last of the 2,000 rows: clicking the first one and pressing End again)');
        await ui.page.keyboard.press('Home');
      }
      await ui.screenshot('tree-2000-methods');
      await ui.page.keyboard.press('Home');
    },
  },
  {
    name: 'removing endpoints from the palette leaves the welcome view (clean up)',
    async run(ui) {
      const sidebar = await ui.openContainer();
      for (const server of [running.big, running.origin, running.fixture, running.example]) {
        await ui.runCommand('RPC Explorer: Remove Endpoint');
        if (server !== running.example) {
          // Several endpoints: the command asks which one.
          await waitForQuickInput(ui, /Remove Endpoint/);
          await inputBox(ui).fill(server.url.replace('http://', ''));
          await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), server.url);
          await inputBox(ui).press('Enter');
        }
        await ui.page.waitForFunction(
          (url) => !document.querySelector('#workbench\\.parts\\.sidebar')?.textContent?.includes(url),
          server.url,
          { timeout: 10_000 },
        );
      }
      await ui.waitForText(sidebar.locator('.welcome-view-content'), 'Add Endpoint');
      for (const server of Object.values(running)) await server.stop();
    },
  },
];
