// Issue #20 as a user sees it: an endpoint that cannot be reached, in a side bar of normal width — a short
// description, one advice row, nothing cut mid-sentence that matters. Screenshots: test-results/screenshots/firstHour-*.png
import * as assert from 'node:assert/strict';
import { freePort, poll } from '../harness/codeServer.mjs';

export const tests = [
  {
    name: 'Enter on the empty Add Endpoint box goes on with the address it shows, not a silent cancel',
    async run(ui) {
      await ui.openContainer();
      await ui.runCommand('RPC Explorer: Add Endpoint');
      await ui.waitForText(ui.quickInput, '(1/2)', 10_000);
      await poll(async () => ((await ui.quickInput.locator('input.input').getAttribute('placeholder')) ?? '').includes('8889'), { timeoutMs: 10_000, what: 'the URL box' });
      await ui.quickInput.locator('input.input').press('Enter');
      await ui.waitForText(ui.quickInput, '(2/2)', 10_000);
      assert.match((await ui.quickInput.locator('input.input').getAttribute('placeholder')) ?? '', /127\.0\.0\.1:8889/);
      await ui.screenshot('add-endpoint-default');
      await ui.quickInput.locator('input.input').press('Escape');
    },
  },
  {
    name: 'an endpoint error in a normal-width side bar: short description, one advice row',
    async run(ui) {
      const port = await freePort(); // nothing listens there: connection refused
      const sidebar = await ui.openContainer();
      await ui.runCommand('RPC Explorer: Add Endpoint');
      await ui.quickInput.locator('input.input').fill(`http://127.0.0.1:${port}`);
      await ui.quickInput.locator('input.input').press('Enter');
      // The protocol step by its title: the URL step's prompt names "XML-RPC" too (CI18 typed into the URL box).
      await ui.waitForText(ui.quickInput, '(2/2)', 10_000);
      await ui.quickInput.locator('input.input').fill('XML-RPC');
      await ui.quickInput.locator('input.input').press('Enter');
      const row = sidebar.locator('.monaco-list-row').filter({ hasText: `127.0.0.1:${port}` }).first();
      await ui.waitForText(row, 'not reachable', 20_000);
      // Added endpoints are revealed expanded, a moment after their row shows; expand it when this one is not (a click
      // before the reveal would collapse it again).
      const advised = () => sidebar.innerText().then((t) => t.includes('Check the URL'), () => false);
      if (!(await poll(advised, { timeoutMs: 3_000, what: 'the advice row' }).then(() => true, () => false))) await row.locator('.monaco-tl-twistie').click();
      await ui.waitForText(sidebar, 'Check the URL', 10_000);
      const rows = await sidebar.locator('.monaco-list-row').allInnerTexts();
      const below = rows.slice(rows.findIndex((r) => r.includes(`127.0.0.1:${port}`)) + 1).filter((r) => /connection refused|Check the URL/.test(r));
      assert.equal(below.length, 1, `one advice row: ${below.join(' | ')}`);
      await ui.page.keyboard.press('Escape');
      await ui.screenshot('endpoint-error');
      await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
      await ui.page.waitForTimeout(300); // the theme's repaint, for the picture only
      await ui.screenshot('endpoint-error-dark');
      await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
    },
  },
];
