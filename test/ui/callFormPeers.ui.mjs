// The call form against more peers, as a user drives it: Escape cancels a running call (a Python
// SimpleXMLRPCServer method that sleeps), an hprose method's form (the example server, npm hprose 2.x: an argument
// added with the type picker), and a ws:// call's notifications beside its result (the Python WebSocket JSON-RPC
// server). Each test starts its own server on a free loopback port and stops it by its pid.
// Screenshots: test-results/screenshots/callFormPeers-*.png
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { poll, repoRoot } from '../harness/codeServer.mjs';
import { openForm, openFormFromArgumentBox } from './callFormPage.mjs';
import { addEndpoint } from './workbench.mjs';

const require = createRequire(import.meta.url);
const servers = require(join(repoRoot, 'out', 'test', 'support', 'servers.js'));
const ports = require(join(repoRoot, 'out', 'test', 'support', 'ports.js'));
const wsServers = require(join(repoRoot, 'out', 'test', 'support', 'webSocketServers.js'));

const running = {};

export const tests = [
  {
    name: 'Escape cancels a running call from the form (a Python method that sleeps)',
    timeoutMs: 120_000,
    async run(ui) {
      await ui.runCommand('View: Close All Editors');
      const port = await ports.freePort();
      const file = join(ui.workspaceDir, 'slow_server.py');
      writeFileSync(
        file,
        [
          'import time',
          'from xmlrpc.server import SimpleXMLRPCServer',
          '',
          'def slow(seconds: float):',
          '    """Answers after the given number of seconds."""',
          '    time.sleep(seconds)',
          '    return seconds',
          '',
          `server = SimpleXMLRPCServer(('127.0.0.1', ${port}), allow_none=True, logRequests=False)`,
          'server.register_function(slow)',
          'server.register_introspection_functions()',
          'print(f"server listening on 127.0.0.1:{server.server_address[1]}", flush=True)',
          'server.serve_forever()',
        ].join('\n'),
      );
      running.slow = await servers.startPythonServer(relative(repoRoot, file));
      try {
        // The container first: it activates the extension, whose commands the palette then lists.
        await ui.openContainer();
        await addEndpoint(ui, running.slow.url);
        const frame = await openForm(ui, 'slow');
        await ui.waitForText(frame.locator('header'), /from the source, slow_server\.py:4/, 30_000);
        const seconds = frame.getByLabel('seconds', { exact: true });
        await seconds.fill('60');
        await frame.getByRole('button', { name: /^Send/ }).click();
        // Running: Cancel shows and Send is disabled until the call ends.
        await frame.getByRole('button', { name: /^Cancel/ }).waitFor({ state: 'visible', timeout: 10_000 });
        await ui.waitForText(frame.locator('.result'), 'Calling…');
        assert.ok(await frame.getByRole('button', { name: /^Send/ }).isDisabled(), 'Send is disabled while the call runs');
        await ui.screenshot('slow-running');
        await seconds.press('Escape');
        // The call ends as cancelled long before the server's 60 s, and the form can send again.
        await ui.waitForText(frame.locator('.result'), /Cancelled after/, 10_000);
        await poll(async () => !(await frame.getByRole('button', { name: /^Send/ }).isDisabled()), { timeoutMs: 5_000, what: 'Send enabled after the cancel' });
        assert.ok(await frame.getByRole('button', { name: /^Cancel/ }).isHidden(), 'Cancel is hidden once the call is over');
        await ui.screenshot('cancelled');
      } finally {
        await running.slow.stop();
        delete running.slow;
      }
    },
  },
  {
    name: 'an hprose method: add an argument, fill it, Send, the result below',
    timeoutMs: 120_000,
    async run(ui) {
      await ui.runCommand('View: Close All Editors');
      running.hprose = await servers.startHproseExampleServer();
      try {
        await ui.openContainer();
        await addEndpoint(ui, running.hprose.url);
        const frame = await openForm(ui, 'sayHi');
        await ui.waitForText(frame.locator('header'), 'hprose');
        // hprose says nothing of the parameters: the form offers arguments of a picked type (string by default).
        await ui.waitForText(frame.locator('header'), 'the server does not say');
        assert.equal(await frame.getByLabel('Type of the new argument').inputValue(), 'string');
        await frame.getByRole('button', { name: /add argument/ }).click();
        await frame.getByLabel('arg1', { exact: true }).fill('Ann');
        await frame.getByRole('tab', { name: /^Raw/ }).click();
        assert.equal(await frame.locator('#raw-text').inputValue(), '"Ann"');
        await frame.getByRole('tab', { name: /^Form/ }).click();
        await frame.getByRole('button', { name: /^Send/ }).click();
        await ui.waitForText(frame.locator('.result'), 'Hi,Ann!', 20_000);
        await ui.waitForText(frame.locator('.result'), /Result in/);
        await ui.screenshot('hprose-result');
      } finally {
        await running.hprose.stop();
        delete running.hprose;
      }
    },
  },
  {
    name: 'a ws:// method: the notifications that arrived during the call show beside its result',
    timeoutMs: 120_000,
    async run(ui) {
      await ui.runCommand('View: Close All Editors');
      running.ws = await wsServers.startPythonWebSocketServer();
      try {
        await ui.openContainer();
        await addEndpoint(ui, running.ws.url);
        // Through Call Method, not the tree: under the Notifications view a short Methods view can show the notify row
        // half in view, and the list scrolls it in between the two clicks of a double-click (CI32).
        const frame = await openFormFromArgumentBox(ui, 'notify', { endpoint: running.ws.url });
        await ui.waitForText(frame.locator('header'), 'from OpenRPC');
        // The server sends `count` notifications "tick", half of them before its answer.
        await frame.getByLabel('method', { exact: true }).fill('"tick"');
        await frame.getByLabel('count', { exact: true }).fill('4');
        await frame.getByRole('button', { name: /^Send/ }).click();
        const result = frame.locator('.result');
        await ui.waitForText(result, /Result in/, 20_000);
        await ui.waitForText(result, /Notifications during the call \([1-4]\)/);
        await ui.waitForText(result.locator('.notification-method').first(), 'tick');
        await ui.waitForText(result.locator('.notifications'), 'n');
        await ui.screenshot('websocket-notifications');
      } finally {
        await running.ws.stop();
        delete running.ws;
      }
    },
  },
];
