// Request files (.rpc) as a user sees them: highlighting and the Send / Send All lenses, completion of the server's
// methods after the URL, the hover of a method, a diagnostic for a method the server lacks, Send All's verdicts in the
// file and the Request Results view.
// Server: the Python XML-RPC example on a free port (test/support/servers.ts, compiled to out/).
// Screenshots: test-results/screenshots/requestFiles-*.png
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../harness/codeServer.mjs';
import { openFile } from './workbench.mjs';

const require = createRequire(import.meta.url);
const servers = require(join(repoRoot, 'out', 'test', 'support', 'servers.js'));

const state = {};

function lens(ui, text) {
  return ui.page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: text }).first();
}

/** Puts the cursor at a 1-based line and column through Go to Line/Column. */
async function goTo(ui, line, column) {
  await ui.runCommand('Go to Line/Column...');
  await ui.quickInput.locator('input').fill(`:${line}:${column}`);
  await ui.quickInput.locator('input').press('Enter');
}

export const tests = [
  {
    name: 'request file: highlighting and the Send / Send All lenses',
    timeoutMs: 120_000,
    async run(ui) {
      state.server = await servers.startExampleXmlRpcServer();
      await ui.openContainer();
      await ui.runCommand('RPC Explorer: Add Endpoint');
      await ui.quickInput.locator('input.input').fill(state.server.url);
      await ui.quickInput.locator('input.input').press('Enter');
      await ui.waitForText(ui.quickInput, 'Auto-detect');
      await ui.quickInput.locator('input.input').press('Enter');
      await ui.waitForText(ui.sidebar, 'sayHi', 20_000);
      const text = [
        '# Calls to the XML-RPC example',
        `@base = ${state.server.url}`,
        '@who = "phyger"',
        '',
        '### Say hi',
        '# @name hello',
        'CALL {{base}} sayHi',
        '{{who}}',
        'EXPECT "Hi phyger!"',
        '',
        '### Help of sayHi',
        'CALL {{base}} system.methodHelp',
        '"sayHi"',
        '',
        '### A method the server does not have',
        'CALL {{base}} sayHello',
        '"x"',
        '',
      ].join('\n');
      writeFileSync(join(ui.workspaceDir, 'examples', 'demo.rpc'), text);
      await openFile(ui, 'examples/demo.rpc');
      await lens(ui, 'Send All').waitFor({ state: 'visible', timeout: 15_000 });
      const keyword = ui.page.locator('.monaco-editor .view-line span', { hasText: /^CALL$/ }).first();
      await keyword.waitFor({ timeout: 10_000 });
      const color = await keyword.evaluate((el) => getComputedStyle(el).color);
      // The editor renders spaces as no-break spaces: find the title's line by its words, then its first token.
      const titleLine = ui.page.locator('.monaco-editor .view-line', { hasText: /###\s+Say\s+hi/ }).first();
      const plain = await titleLine.locator('span span').first().evaluate((el) => getComputedStyle(el).color, undefined, { timeout: 5_000 });
      ui.log(`CALL color ${color}, title color ${plain}`);
      assert.ok(plain, 'the title line has a color');
      assert.notEqual(color, plain, 'CALL is highlighted unlike the title');
      await ui.screenshot('codelens');
    },
  },
  {
    name: 'request file: a diagnostic for a method the server lacks, the hover of a method',
    async run(ui) {
      await ui.page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'attached', timeout: 15_000 });
      await goTo(ui, 16, 16);
      await ui.runCommand('Show or Focus Hover');
      await ui.waitForText(ui.page.locator('.monaco-hover').first(), 'no method "sayHello"', 10_000);
      await ui.screenshot('diagnostic');
      await ui.page.keyboard.press('Escape');
      await goTo(ui, 7, 16);
      await ui.runCommand('Show or Focus Hover');
      await ui.waitForText(ui.page.locator('.monaco-hover').first(), 'sayHi', 10_000);
      await ui.screenshot('hover');
      await ui.page.keyboard.press('Escape');
    },
  },
  {
    name: 'request file: completion of the methods after the URL',
    async run(ui) {
      await goTo(ui, 18, 1);
      await ui.page.keyboard.type('### Another\n');
      await ui.page.keyboard.type('CALL {{base}} ');
      const suggest = ui.page.locator('.editor-widget.suggest-widget');
      await ui.waitForText(suggest, 'system.listMethods', 10_000);
      assert.match(await suggest.innerText(), /sayHi/);
      await ui.screenshot('completion');
      await ui.page.keyboard.press('Escape');
      await ui.page.keyboard.type('sayHi');
      await ui.page.keyboard.press('Escape');
    },
  },
  {
    name: 'request file: Send All puts each verdict at its call and lists them in the Request Results view',
    timeoutMs: 120_000,
    async run(ui) {
      // The new call has no argument: the server faults (✗); the rest pass or are expected to fail (sayHello).
      await ui.page.keyboard.press('Escape');
      await lens(ui, 'Send All').click();
      // A verdict is a lens with nothing to run (drawn as text, not a link).
      const verdict = (text) => ui.page.locator('.monaco-editor .codelens-decoration span').filter({ hasText: text }).first();
      await verdict('✓').waitFor({ state: 'visible', timeout: 30_000 });
      await verdict('✗').waitFor({ state: 'visible', timeout: 30_000 });
      const results = ui.sidebar.locator('.pane').filter({ hasText: /Request Results/i });
      await ui.waitForText(results, 'Say hi', 30_000);
      const shown = (await results.innerText()).replace(/\u00a0/g, ' ');
      assert.match(shown, /Say hi/);
      assert.match(shown, /A method the server does not have/);
      await ui.screenshot('send-all');
      await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
      await ui.page.waitForTimeout(300); // the theme's repaint, for the picture only
      await ui.screenshot('send-all-dark');
      await ui.runCommand('Preferences: Toggle between Light/Dark Themes');
      await state.server.stop();
    },
  },
];
