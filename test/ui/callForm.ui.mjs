// The call form as a user drives it: a method opened from the Methods view (double-click) opens its form in the
// editor area; typed widgets from OpenRPC (enum select, exact integer, nested struct, checkbox), validation that
// blocks Send, the Raw view's round trip, the result below the form, values restored after a window reload, a
// password never written to workspace state; an XML-RPC method with two signatures (Perl RPC::XML), a Python method
// typed from its source, a fault, the dark theme. (Escape, hprose and ws:// notifications: callFormPeers.ui.mjs.)
// Servers: the jayson example (examples/jsonrpc-node, OpenRPC), Perl's RPC::XML::Server, a typed Python server.
// Screenshots: test-results/screenshots/callForm-*.png
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { poll, repoRoot } from '../harness/codeServer.mjs';
import { formFrame, openForm, openFormFromArgumentBox } from './callFormPage.mjs';
import { addEndpoint, treeRow } from './workbench.mjs';

const require = createRequire(import.meta.url);
const servers = require(join(repoRoot, 'out', 'test', 'support', 'servers.js'));
const realServers = require(join(repoRoot, 'out', 'test', 'support', 'realServers.js'));
const ports = require(join(repoRoot, 'out', 'test', 'support', 'ports.js'));

const running = {};

/** Opens a method's form from the palette's Call Method: the argument box's "Open in the Call Form" button. */
/** Every file under a folder whose bytes contain `text` (workspace state lives in SQLite files: text is stored as is). */
function filesContaining(dir, text) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const file = join(d, name);
      const stat = statSync(file);
      if (stat.isDirectory()) walk(file);
      else if (stat.isFile() && stat.size < 50_000_000 && readFileSync(file).includes(Buffer.from(text))) found.push(file);
    }
  };
  walk(dir);
  return found;
}

export const tests = [
  {
    name: 'OpenRPC method: double-click opens the form; enum, integer, nested struct, checkbox; Send shows the result below',
    timeoutMs: 120_000,
    async run(ui) {
      running.jsonrpc = await servers.startJsonRpcExampleServer();
      await ui.openContainer();
      await addEndpoint(ui, running.jsonrpc.url);
      const frame = await openForm(ui, 'book');
      await ui.waitForText(frame.locator('header'), 'from OpenRPC');
      await ui.waitForText(frame.locator('header'), 'Books a room.');
      // Defaults prefilled: nights 1 (the schema's default), guest.vip false.
      assert.equal(await frame.getByLabel('nights', { exact: true }).inputValue(), '1');
      await frame.getByLabel('room', { exact: true }).selectOption({ label: 'blue' });
      await frame.getByLabel('nights', { exact: true }).fill('3');
      await frame.getByLabel('guest.name', { exact: true }).fill('Ann');
      await frame.getByLabel('guest.vip', { exact: true }).check();
      await ui.screenshot('openrpc-nested-enum');
      await frame.getByRole('button', { name: /^Send/ }).click();
      await ui.waitForText(frame.locator('.result'), 'Booked the blue room for 3 nights for Ann (VIP).', 20_000);
      await ui.waitForText(frame.locator('.result'), /Result in/);
      await ui.screenshot('openrpc-result');
    },
  },
  {
    name: 'validation: a message at the field blocks Send; Raw round-trips, an unknown key stays and the form says so',
    async run(ui) {
      const frame = formFrame(ui);
      const nights = frame.getByLabel('nights', { exact: true });
      await nights.fill('0');
      await ui.waitForText(frame.locator('.field-nights .field-error, .field-integer .field-error').first(), 'at least 1');
      assert.ok(await frame.getByRole('button', { name: /^Send/ }).isDisabled(), 'Send is disabled');
      await ui.waitForText(frame.locator('.reason'), /nights/);
      await nights.fill('12a');
      await ui.waitForText(frame.locator('.reason'), /not an integer/);
      await ui.screenshot('validation');
      // An integer beyond 2^53 stays exact.
      await nights.fill('9007199254740993');
      await ui.waitForText(frame.locator('.reason'), 'at most 30');
      await nights.fill('3');
      await poll(async () => !(await frame.getByRole('button', { name: /^Send/ }).isDisabled()), { timeoutMs: 5_000, what: 'Send enabled' });

      await frame.getByRole('tab', { name: /^Raw/ }).click();
      const raw = frame.locator('#raw-text');
      assert.equal(await raw.inputValue(), '"blue", 3, {"name": "Ann", "vip": true}');
      assert.ok(await frame.locator('form').isHidden(), 'the form is hidden in the raw view');
      await raw.fill('"blue", 3, {"name": "Ann", "vip": true, "extra": [1, 2.0]}');
      await frame.getByRole('tab', { name: /^Form/ }).click();
      await ui.waitForText(frame.locator('form'), 'Not in the schema, kept as they are: extra');
      await frame.getByRole('tab', { name: /^Raw/ }).click();
      assert.equal(await raw.inputValue(), '"blue", 3, {"name": "Ann", "vip": true, "extra": [1, 2.0]}');
      await raw.fill('"blue", 3, {"name": "Ann", "vip": true}');
      await frame.getByRole('tab', { name: /^Form/ }).click();
      await ui.waitForText(frame.locator('form'), 'guest.name');
    },
  },
  {
    name: 'a secret-named field is not kept; the other values come back after a window reload',
    timeoutMs: 150_000,
    async run(ui) {
      const frame = await openForm(ui, 'login');
      await frame.getByLabel('user', { exact: true }).fill('ann');
      await frame.getByLabel('password', { exact: true }).fill('opensesame');
      // Ctrl+Enter sends.
      await frame.getByLabel('password', { exact: true }).press('Control+Enter');
      await ui.waitForText(frame.locator('.result'), 'true', 20_000);
      // The values are kept once the form has been quiet for a moment; reloading the window writes workspace state.
      await ui.page.waitForTimeout(600); // the form's debounce (300 ms) before the extension keeps its values, not a readiness wait
      await ui.page.evaluate(() => (window.beforeReload = true));
      await ui.runCommand('Developer: Reload Window');
      await poll(async () => (await ui.page.evaluate(() => window.beforeReload !== true).catch(() => false)), { timeoutMs: 60_000, what: 'the window reloaded' });
      await ui.page.locator('.monaco-workbench .activitybar').waitFor({ state: 'visible', timeout: 60_000 });
      // A container restored before the extension's views registered can stay empty ("Drag a view here"): the test
      // reopens it until the endpoint shows, as a user would click the activity bar again.
      await poll(
        async () => {
          const sidebar = await ui.openContainer();
          if ((await sidebar.innerText()).includes('JSON-RPC')) return true;
          // Clicking the open container's activity-bar item closes the side bar; openContainer opens it again.
          if (/Drag a view here/i.test(await sidebar.innerText())) await ui.page.locator('.activitybar .action-item').filter({ has: ui.page.locator('[aria-label^="RPC Explorer"]') }).first().click();
          return false;
        },
        { timeoutMs: 60_000, intervalMs: 1_000, what: 'the endpoint in the reloaded window' },
      );
      assert.deepEqual(filesContaining(ui.userDataDir, 'opensesame'), [], 'the password is in no file of the profile');
      const again = await openFormFromArgumentBox(ui, 'login');
      assert.equal(await again.getByLabel('user', { exact: true }).inputValue(), 'ann');
      // Restored from workspace state, without the password: it was never written there.
      assert.equal(await again.getByLabel('password', { exact: true }).inputValue(), '');
      const book = await openFormFromArgumentBox(ui, 'book');
      assert.equal(await book.getByLabel('nights', { exact: true }).inputValue(), '3');
      assert.equal(await book.getByLabel('guest.name', { exact: true }).inputValue(), 'Ann');
    },
  },
  {
    name: 'XML-RPC method with two signatures: a picker picks the double one; a fault shows its code',
    timeoutMs: 120_000,
    async run(ui) {
      running.perl = await realServers.startPerlRpcXmlServer();
      await addEndpoint(ui, running.perl.url);
      const frame = await openForm(ui, 'add');
      await ui.waitForText(frame.locator('header'), 'from system.methodSignature');
      const picker = frame.getByLabel('Signature');
      await picker.selectOption({ index: 1 });
      await frame.getByLabel('arg1', { exact: true }).fill('1.5');
      await frame.getByLabel('arg2', { exact: true }).fill('2');
      await ui.screenshot('xmlrpc-signatures');
      await frame.getByRole('button', { name: /^Send/ }).click();
      // The double signature: 1.5 + 2 (sent as <double>2</double>) is 3.5.
      await ui.waitForText(frame.locator('.result'), '3.5', 20_000);
      // A fractional double carries the same "double" badge as a whole one (the badge does not come and go).
      await ui.waitForText(frame.locator('.result .tagged-double .badge'), 'double', 5_000);
      await frame.getByRole('tab', { name: /^Raw/ }).click();
      await frame.locator('#raw-text').fill('"x", "y"');
      await frame.getByRole('button', { name: /^Send/ }).click();
      await ui.waitForText(frame.locator('.result'), 'Fault', 20_000);
      await ui.screenshot('fault');
    },
  },
  {
    name: 'a Python method typed from its source; the dark theme',
    timeoutMs: 120_000,
    async run(ui) {
      // The port written in the file, as users do: that is how the explorer finds the endpoint's source.
      const port = await ports.freePort();
      const file = join(ui.workspaceDir, 'typed_server.py');
      writeFileSync(
        file,
        [
          'import os',
          'from datetime import datetime',
          'from typing import Optional',
          'from xmlrpc.server import SimpleXMLRPCServer',
          '',
          'def schedule(title: str, at: datetime, attendees: list[str], priority: int = 2, ratio: float = 1.0, note: Optional[str] = None, blob: bytes = b""):',
          '    """Schedules a meeting."""',
          '    return {"title": title, "at": at, "attendees": attendees, "priority": priority, "ratio": ratio, "note": note}',
          '',
          `server = SimpleXMLRPCServer(('127.0.0.1', ${port}), allow_none=True, logRequests=False)`,
          'server.register_function(schedule)',
          'server.register_introspection_functions()',
          'print(f"server listening on 127.0.0.1:{server.server_address[1]}", flush=True)',
          'server.serve_forever()',
        ].join('\n'),
      );
      running.python = await servers.startPythonServer(relative(repoRoot, file)); // a path relative to the repository
      await addEndpoint(ui, running.python.url);
      const frame = await openForm(ui, 'schedule');
      await ui.waitForText(frame.locator('header'), /from the source, typed_server\.py:6/, 30_000);
      await frame.getByLabel('title', { exact: true }).fill('Review');
      await frame.getByRole('button', { name: 'attendees add item' }).click();
      await frame.getByLabel('attendees[0]', { exact: true }).fill('Ann');
      await frame.getByRole('button', { name: /^Send/ }).click();
      await ui.waitForText(frame.locator('.result'), 'Review', 20_000);
      await ui.screenshot('python-source');
      // The keyboard to the workbench, not the form: a focused webview takes the focus back when the theme changes.
      await treeRow(ui, 'schedule').click();
      await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
      try {
        await ui.page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'), undefined, { timeout: 10_000 });
        await treeRow(ui, 'schedule').dblclick();
        await poll(async () => (await frame.locator('body').getAttribute('class').catch(() => '')).includes('vscode-dark'), { timeoutMs: 10_000, what: 'the form in the dark theme' });
        await ui.screenshot('python-source-dark');
      } finally {
        await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
      }
      for (const server of Object.values(running)) await server.stop();
    },
  },
];
