// The server's source in the workbench, as a user sees it: the code lenses of examples/python-xmlrpc/server.py
// (▷ Start Server, ▷ Call sayHi), started from its lens; the tree's parameters from the source and the tooltip
// with the docstring; the Call lens opening the argument box pre-filled from the source; ■ Stop Server.
// Screenshots: test-results/screenshots/sources-*.png
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, poll } from '../harness/codeServer.mjs';
import { openFile, treeRow } from './workbench.mjs';

function lens(ui, text) {
  return ui.page.locator('.monaco-editor .codelens-decoration').getByText(text).first();
}

const state = {};

export const tests = [
  {
    name: 'source: code lenses in server.py (Start Server, Call sayHi)',
    timeoutMs: 180_000,
    async run(ui) {
      state.port = await freePort();
      const file = join(ui.workspaceDir, 'examples', 'python-xmlrpc', 'server.py');
      writeFileSync(file, readFileSync(file, 'utf8').replace("'8889'", `'${state.port}'`));
      await openFile(ui, 'examples/python-xmlrpc/server.py');
      await lens(ui, `▷ Start Server http://127.0.0.1:${state.port}`).waitFor({ state: 'visible', timeout: 60_000 });
      await lens(ui, '▷ Call sayHi').waitFor({ state: 'visible', timeout: 5_000 });
      assert.equal(await lens(ui, 'system.listMethods').count(), 0, 'no lens for the introspection functions');
      await ui.screenshot('lenses-stopped');
    },
  },
  {
    name: 'source: the Start Server lens starts it; the tree shows sayHi(name) and the docstring from the source',
    timeoutMs: 180_000,
    async run(ui) {
      const sidebar = await ui.openContainer();
      // The editor has the keyboard, as when the user edits the file: a click into an unfocused editor focuses it first,
      // and VS Code fetches the lenses again on that focus, replacing the one under the pointer. Then one click.
      const before = lens(ui, '▷ Start Server');
      await before.evaluate((el) => (el.dataset.beforeFocus = 'true')).catch(() => {});
      await ui.page.locator('.monaco-editor .view-lines').first().click({ position: { x: 200, y: 160 } });
      // The lenses are drawn again after that focus, with new element ids: a click on the old one would be lost. Wait
      // for the redraw (a lens without the mark), or 3 s when the editor had the focus already and draws nothing.
      await poll(async () => (await ui.page.locator('.monaco-editor .codelens-decoration [data-before-focus]').count()) === 0, { timeoutMs: 3_000, what: 'the lenses drawn again' }).catch(() => {});
      await lens(ui, '▷ Start Server').waitFor({ state: 'visible', timeout: 10_000 });
      // And the lens settled: the same element (VS Code gives each drawing new ids) over 600 ms, so no redraw is under way.
      const lensId = () => ui.page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: '▷ Start Server' }).first().getAttribute('id').catch(() => null);
      await poll(async () => {
        const id = await lensId();
        await ui.page.waitForTimeout(600); // the interval the element must stay the same over, not a readiness wait
        return id !== null && id === (await lensId());
      }, { timeoutMs: 10_000, what: 'the Start Server lens to settle' });
      await lens(ui, '▷ Start Server').click();
      await ui.waitForText(ui.panel, 'RPC server', 60_000);
      await ui.waitForText(sidebar, `127.0.0.1:${state.port}`, 60_000);
      await lens(ui, `■ Stop Server http://127.0.0.1:${state.port}`).waitFor({ state: 'visible', timeout: 60_000 });
      const row = treeRow(ui, 'sayHi');
      await row.waitFor({ state: 'visible', timeout: 60_000 });
      await ui.waitForText(row, '(name)', 45_000);
      await ui.screenshot('lenses-running-tree-params');
      await row.hover();
      const hover = ui.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'from the source' }).first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 });
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /Greets `?name`?/);
      assert.match(text, /from the source \(server\.py:12\)/);
      await ui.screenshot('tooltip-docstring-from-source');
      await ui.page.mouse.move(900, 700);
    },
  },
  {
    name: 'source: the Call lens opens the argument box pre-filled from the source, and calls',
    timeoutMs: 180_000,
    async run(ui) {
      await lens(ui, '▷ Call sayHi').click();
      const box = ui.quickInput.locator('input');
      await box.waitFor({ state: 'visible', timeout: 10_000 });
      await poll(async () => (await box.inputValue()) === '"name"', { timeoutMs: 10_000, what: 'the template "name"' });
      await ui.waitForText(ui.quickInput, 'sayHi(name) (server.py:12)', 5_000);
      await ui.screenshot('argument-box-template');
      // The placeholder's inside is selected: typing replaces it.
      await ui.page.keyboard.type('phyger');
      assert.equal(await box.inputValue(), '"phyger"');
      await box.press('Enter');
      const frame = ui.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
      await ui.waitForText(frame.locator('body'), 'Hi phyger!', 60_000);
      await ui.screenshot('call-lens-result');
      await ui.runCommand('RPC Explorer: Stop Server');
      await ui.runCommand('View: Focus First Editor Group');
      await lens(ui, '▷ Start Server').waitFor({ state: 'visible', timeout: 45_000 });
    },
  },
];
