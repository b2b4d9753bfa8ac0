// Smoke: the RPC Explorer container opens from the activity bar, its view renders, a palette command runs.
// Screenshots: test-results/screenshots/smoke-*.png
import * as assert from 'node:assert/strict';

export const tests = [
  {
    name: 'the activity-bar container opens',
    async run(ui) {
      const sidebar = await ui.openContainer();
      await ui.waitForText(sidebar.locator('.pane-header'), /METHODS/i);
      await ui.screenshot('container');
    },
  },
  {
    name: 'the Methods view renders its welcome content',
    async run(ui) {
      const sidebar = await ui.openContainer();
      const welcome = sidebar.locator('.welcome-view-content');
      await ui.waitForText(welcome, 'Add Endpoint');
      await ui.waitForText(welcome, 'Start Server from Current File');
      await ui.screenshot('welcome-view');
    },
  },
  {
    name: 'a palette command runs (RPC Explorer: Add Endpoint asks for a URL)',
    async run(ui) {
      await ui.runCommand('RPC Explorer: Add Endpoint');
      // The palette closes and the command's own input box opens (no '>' prefix); a missing handler would
      // instead show a "command not found" notification.
      await ui.page.waitForFunction(
        () => {
          const widget = document.querySelector('.quick-input-widget');
          const input = widget?.querySelector('input');
          return widget && widget.style.display !== 'none' && input && !input.value.startsWith('>');
        },
        undefined,
        { timeout: 15_000 },
      ).catch(async () => {
        throw new Error(`no input box after the command; messages: ${(await ui.messages()).join(' | ') || 'none'}`);
      });
      const prompt = await ui.quickInput.innerText();
      assert.match(prompt, /url|endpoint|http/i, `input box asks for an endpoint URL, got: ${prompt}`);
      await ui.screenshot('add-endpoint-input');
      await ui.page.keyboard.press('Escape');
    },
  },
];
