// Credentials typed into an endpoint URL, as a user does it: add http://bob:PASSWORD@…, call, fail on a server that
// is down, reload the window. The password must reach the server (basic auth from SecretStorage) and appear nowhere
// else: not in the workbench's text (tree, tooltips, notifications, result panel, log) and not in the files of the
// user-data-dir (workspace state) after the reload wrote them.
// Screenshots: test-results/screenshots/credentials-*.png
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../harness/codeServer.mjs';
import { addEndpoint, inputBox } from './workbench.mjs';

const require = createRequire(import.meta.url);
const servers = require(join(repoRoot, 'out', 'test', 'support', 'servers.js'));
const { freePort } = require(join(repoRoot, 'out', 'test', 'support', 'ports.js'));

const PASSWORD = 'Pw9-unseen-Q7';
const running = {};

/** Every text the workbench shows or holds: the page and each frame (webviews), including input values and titles. */
async function workbenchText(page) {
  const parts = [];
  for (const frame of page.frames()) {
    parts.push(
      await frame
        .evaluate(() => {
          const values = [...document.querySelectorAll('input, textarea')].map((e) => e.value);
          const attrs = [...document.querySelectorAll('[title], [aria-label]')].map((e) => `${e.getAttribute('title') ?? ''} ${e.getAttribute('aria-label') ?? ''}`);
          return `${document.documentElement.outerHTML}\n${values.join('\n')}\n${attrs.join('\n')}`;
        })
        .catch(() => ''),
    );
  }
  return parts.join('\n');
}

/** Files under a folder whose bytes contain `needle` (as UTF-8 or UTF-16LE, as SQLite may store it). */
function filesContaining(dir, needle) {
  const found = [];
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      const file = join(folder, name);
      const stat = statSync(file, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(file);
      else if (stat.isFile() && stat.size < 64 * 1024 * 1024 && patterns.some((p) => readFileSync(file).includes(p))) found.push(file);
    }
  };
  walk(dir);
  return found;
}

export const tests = [
  {
    name: 'a password typed in the URL authenticates the calls and is shown, stored and logged nowhere',
    timeoutMs: 180_000,
    async run(ui) {
      running.auth = await servers.startPythonServer('test/fixtures/quirky_server.py', ['basic-auth'], { AUTH: `bob:${PASSWORD}` });
      const port = running.auth.port;
      const sidebar = await ui.openContainer();

      // Added with the password in the URL: discovery authenticates, the tree shows the URL without user-info.
      await addEndpoint(ui, `http://bob:${PASSWORD}@127.0.0.1:${port}/`);
      await ui.waitForText(sidebar, 'echo', 30_000);
      await ui.waitForText(sidebar, `http://127.0.0.1:${port}/`);

      // A call authenticates too.
      assert.equal(await callThroughPalette(ui, 'echo', '"authenticated"'), true);

      // A server that is down: the failure names the endpoint without the password.
      const down = await freePort();
      await addEndpoint(ui, `http://bob:${PASSWORD}@127.0.0.1:${down}/`);
      await ui.waitForText(sidebar, /connection refused|Cannot reach/i, 30_000);
      await ui.waitForText(sidebar, `http://127.0.0.1:${down}/`);
      await ui.screenshot('refused');

      await ui.runCommand('RPC Explorer: Show Log');
      await ui.waitForText(ui.panel, /discover/, 15_000);
      let text = await workbenchText(ui.page);
      assert.ok(!text.includes(PASSWORD), 'the password is shown somewhere in the workbench');

      // Reload: the workspace state is written to disk, the endpoints come back, and still no password.
      await ui.runCommand('Developer: Reload Window');
      await ui.page.locator('.monaco-workbench .activitybar').waitFor({ state: 'visible', timeout: 60_000 });
      const again = await ui.openContainer();
      await ui.waitForText(again, `http://127.0.0.1:${port}/`, 30_000);
      await ui.waitForText(again, `http://127.0.0.1:${down}/`);
      await ui.screenshot('after-reload');
      text = await workbenchText(ui.page);
      assert.ok(!text.includes(PASSWORD), 'the password is shown somewhere in the workbench after the reload');
      // Neither the password nor the basic-auth header made of it.
      const basic = Buffer.from(`bob:${PASSWORD}`).toString('base64');
      const files = [...filesContaining(ui.userDataDir, PASSWORD), ...filesContaining(ui.userDataDir, basic)];
      assert.deepEqual(files, [], `the password is stored in ${files.join(', ')}`);
      assert.ok(!text.includes(basic), 'the basic-auth header is shown somewhere in the workbench');
      await running.auth.stop();
    },
  },
];

/** Call Method from the palette on the only endpoint with a method, then waits for the result panel. */
async function callThroughPalette(ui, method, args) {
  await ui.runCommand('RPC Explorer: Call Method');
  await ui.quickInput.waitFor({ state: 'visible', timeout: 10_000 });
  await ui.waitForText(ui.quickInput, /Call Method on/, 10_000);
  await inputBox(ui).fill(method);
  await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), method);
  await inputBox(ui).press('Enter');
  await ui.waitForText(ui.quickInput, new RegExp(`Call ${method} on`), 10_000);
  await inputBox(ui).fill(args);
  await inputBox(ui).press('Enter');
  const frame = ui.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  await ui.waitForText(frame.locator('body'), 'authenticated', 20_000);
  await ui.screenshot('result');
  return true;
}
