// Debug Server as a user runs it: a breakpoint in sayHi of examples/python-xmlrpc/server.py, "Debug Server from
// Current File" from the palette → the tree fills; calling sayHi from the tree stops at the breakpoint while the
// result panel shows the call pending with its timeout off; Continue → "Hi phyger!"; Debug: Stop → the endpoint shows
// stopped. The workspace copy of the example gets a free port as its default.
// Screenshots: test-results/screenshots/debug-*.png
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, poll } from '../harness/codeServer.mjs';
import { goToLine, inputBox, openFile, resultFrame, waitForQuickInput } from './workbench.mjs';

const state = {};

function isPortOpen(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export const tests = [
  {
    name: 'debug server: a call from the tree stops at the breakpoint, pending with its timeout off; Continue shows the result',
    timeoutMs: 240_000,
    async run(ui) {
      // A second attempt (see test/ui/run.mjs) starts over: the same port, no session left from the first.
      state.port ??= await freePort();
      if (await ui.page.locator('.debug-toolbar').isVisible()) {
        await ui.page.locator('.debug-toolbar .codicon-debug-stop').click();
        await ui.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
      }
      const file = join(ui.workspaceDir, 'examples', 'python-xmlrpc', 'server.py');
      const source = readFileSync(file, 'utf8').replace("'8889'", `'${state.port}'`);
      writeFileSync(file, source);
      const line = source.split('\n').findIndex((l) => l.includes("return f'Hi {name}!'")) + 1;
      await openFile(ui, 'examples/python-xmlrpc/server.py');
      // The breakpoint as a user sets it: go to the line, Debug: Toggle Breakpoint.
      await goToLine(ui, line);
      if ((await ui.page.locator('.codicon-debug-breakpoint').count()) === 0) await ui.runCommand('Debug: Toggle Breakpoint');
      await ui.page.locator('.codicon-debug-breakpoint').first().waitFor({ state: 'visible', timeout: 10_000 });

      const started = Date.now();
      await ui.runCommand('RPC Explorer: Debug Server from Current File');
      const sidebar = await poll(
        async () => {
          const opened = await ui.openContainer();
          return (await opened.innerText()).includes(`127.0.0.1:${state.port}`) ? opened : undefined;
        },
        { timeoutMs: 90_000, what: 'the debugged endpoint in the tree' },
      );
      await ui.waitForText(sidebar, 'sayHi', 30_000);
      ui.log(`palette command → sayHi visible in the tree: ${Date.now() - started} ms`);
      await ui.page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 30_000 });

      // The palette's Call Method: endpoint, method, then the argument box (a double-click opens the call form).
      await ui.runCommand('RPC Explorer: Call Method');
      await ui.quickInput.waitFor({ state: 'visible', timeout: 10_000 });
      if (/endpoint/i.test(await ui.quickInput.innerText())) {
        await inputBox(ui).fill(`127.0.0.1:${state.port}`);
        await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), `127.0.0.1:${state.port}`);
        await inputBox(ui).press('Enter');
      }
      await waitForQuickInput(ui, /Call Method on/);
      await inputBox(ui).fill('sayHi');
      await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), 'sayHi');
      await inputBox(ui).press('Enter');
      await waitForQuickInput(ui, /Call sayHi on/);
      await inputBox(ui).fill('"phyger"');
      await inputBox(ui).press('Enter');
      // Paused: the editor shows the stopped line, the panel the pending call.
      await ui.page.locator('.debug-top-stack-frame-line').first().waitFor({ state: 'attached', timeout: 60_000 });
      const body = resultFrame(ui).locator('body');
      await ui.waitForText(body, 'Calling', 30_000);
      await ui.waitForText(body, 'timeout off while the server is being debugged', 10_000);
      await ui.page.waitForTimeout(300); // let the stopped-line decoration settle for the picture, not a readiness wait
      await ui.screenshot('paused');

      // The debug toolbar's Continue (the palette's Escape would cancel the call: the panel has the focus).
      await ui.page.locator('.debug-toolbar .codicon-debug-continue').click();
      await ui.waitForText(body, 'Hi phyger!', 30_000);
      await ui.screenshot('continued');
    },
  },
  {
    name: 'stopping the debug session stops the server: the endpoint shows stopped',
    timeoutMs: 120_000,
    async run(ui) {
      // A second attempt finds the session stopped by the first: it checks what follows.
      if (await ui.page.locator('.debug-toolbar').isVisible()) await ui.page.locator('.debug-toolbar .codicon-debug-stop').click();
      await ui.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
      const sidebar = await ui.openContainer();
      const endpointRow = sidebar.locator('.monaco-list-row').filter({ hasText: `127.0.0.1:${state.port}` }).first();
      // Stopped is the row's icon and accessible name (not text in a description a side bar cuts).
      await poll(async () => /stopped/.test((await endpointRow.getAttribute('aria-label')) ?? ''), { timeoutMs: 30_000, what: 'the endpoint to show stopped' });
      // The file's lenses offer Start and Debug again.
      await ui.page.locator('.monaco-editor .codelens-decoration').getByText('Debug Server').first().waitFor({ state: 'visible', timeout: 10_000 });
      await ui.screenshot('stopped');
      await poll(async () => !(await isPortOpen(state.port)), { timeoutMs: 30_000, what: 'the server port to close' });
      assert.equal(await isPortOpen(state.port), false);
    },
  },
];
