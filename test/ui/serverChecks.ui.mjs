// Check Server and Load Test Method… as a user sees them: the report of a server with one known defect, and a load
// test's live charts and final histogram, in the light and the dark theme.
// Screenshots: test-results/screenshots/serverChecks-*.png
import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../harness/codeServer.mjs';
import { addEndpoint, inputBox, runContextMenuItem, treeRow, waitForQuickInput } from './workbench.mjs';

const require = createRequire(import.meta.url);
const servers = require(join(repoRoot, 'out', 'test', 'support', 'servers.js'));
const running = {};

/** The newest webview's document (the workbench nests each in two iframes). */
function webviewFrame(ui) {
  return ui.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

async function inDarkTheme(ui, focusRow, shoot) {
  await focusRow.click();
  await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
  try {
    await ui.page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'), undefined, { timeout: 10_000 });
    await shoot();
  } finally {
    await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
  }
}

export const tests = [
  {
    name: 'Check Server from the palette reports each rule, the broken one with its spec link',
    timeoutMs: 150_000,
    async run(ui) {
      running.defects = await servers.startNodeServer('test/fixtures/doctor-defects-server.js');
      try {
        const url = `${running.defects.url}/jsonrpc/jsonrpc.notification`;
        const sidebar = await ui.openContainer();
        await addEndpoint(ui, url);
        await ui.waitForText(sidebar, 'sayHi', 20_000);
        // The palette's Check Server takes the endpoint selected in the Methods view, or asks for one.
        await ui.runCommand('RPC Explorer: Check Server');
        // Whichever comes first: the question for an endpoint, or the report (the selected endpoint was taken).
        const report = webviewFrame(ui).locator('body');
        const asked = await Promise.race([
          ui.quickInput
            .locator('input.input[placeholder*="endpoint to check"]')
            .waitFor({ state: 'visible', timeout: 15_000 })
            .then(() => true, () => false),
          report.waitFor({ state: 'attached', timeout: 15_000 }).then(() => false, () => false),
        ]);
        if (asked) {
          await inputBox(ui).fill(url.replace('http://', ''));
          await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), url);
          await inputBox(ui).press('Enter');
        }
        await ui.waitForText(report, 'jsonrpc.batch-empty', 30_000);
        const failed = webviewFrame(ui).locator('tr.status-fail');
        assert.equal(await failed.count(), 1);
        assert.match(await failed.innerText(), /jsonrpc\.notification[\s\S]*MUST NOT reply/);
        assert.equal(await webviewFrame(ui).locator('tr.status-pass').count(), 10);
        assert.equal(await webviewFrame(ui).locator('tr.rule a').count(), 11, 'a spec link on every row');
        await ui.waitForText(report, 'Run Again');
        await ui.waitForText(report, 'Copy as Markdown');
        await ui.screenshot('check-server-report');
        await inDarkTheme(ui, treeRow(ui, 'sayHi'), async () => {
          await ui.waitForText(webviewFrame(ui).locator('body'), 'jsonrpc.notification', 20_000);
          await ui.screenshot('check-server-report-dark');
        });
        await ui.runCommand('View: Close All Editors');
      } finally {
        await running.defects.stop();
      }
    },
  },
  {
    name: 'Load Test Method… from the tree shows live charts, then the histogram',
    timeoutMs: 150_000,
    async run(ui) {
      running.load = await servers.startNodeServer('test/fixtures/load-server.js');
      try {
        const url = `${running.load.url}/RPC2`;
        const sidebar = await ui.openContainer();
        await addEndpoint(ui, url);
        await ui.waitForText(sidebar, 'sleep', 20_000);
        await runContextMenuItem(ui, treeRow(ui, 'sleep'), 'Load Test Method…');
        await waitForQuickInput(ui, /Load Test: sleep/);
        await inputBox(ui).fill('A duration');
        await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), 'A duration');
        await inputBox(ui).press('Enter');
        await waitForQuickInput(ui, /Duration in seconds/);
        await inputBox(ui).fill('4');
        await inputBox(ui).press('Enter');
        await waitForQuickInput(ui, /Concurrency/);
        await inputBox(ui).fill('8');
        await inputBox(ui).press('Enter');
        await waitForQuickInput(ui, /Rate/);
        await inputBox(ui).press('Enter');
        await waitForQuickInput(ui, /Arguments/);
        await inputBox(ui).fill('[25]');
        await inputBox(ui).press('Enter');
        const panel = webviewFrame(ui).locator('body');
        await ui.waitForText(panel, /\d+ calls, \d+ ok/, 20_000);
        assert.ok((await webviewFrame(ui).locator('canvas').count()) >= 2, 'the two live charts');
        await ui.screenshot('load-test-live');
        await ui.waitForText(panel, 'Finished', 30_000);
        await ui.waitForText(panel, 'Percentile');
        assert.ok((await webviewFrame(ui).locator('canvas').count()) >= 3, 'and the histogram');
        assert.match(await webviewFrame(ui).locator('pre.summary-text').innerText(), /calls \d+ {2}ok \d+ {2}faults 0 {2}errors 0/);
        await ui.screenshot('load-test-finished');
        await inDarkTheme(ui, treeRow(ui, 'echo'), async () => {
          await ui.waitForText(webviewFrame(ui).locator('body'), 'Finished', 20_000);
          await ui.screenshot('load-test-finished-dark');
        });
      } finally {
        await running.load.stop();
      }
    },
  },
];

