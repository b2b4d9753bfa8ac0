// The workbench a UI test file (or a bench part) drives: a fresh code-server with this checkout as the development
// extension, and the `ui` context object test/ui/run.mjs documents.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestWorkspace, poll, remoteUri, repoRoot, screenshotsDir, startCodeServer, workbenchUrl } from '../harness/codeServer.mjs';

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/** Builds the per-file context tests receive. */
export function makeContext({ page, workspaceDir, baseUrl, fileTag, userDataDir, print = (line) => console.log(line) }) {
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const panel = page.locator('#workbench\\.parts\\.panel');
  const quickInput = page.locator('.quick-input-widget');
  const ui = {
    page,
    workspaceDir,
    baseUrl,
    userDataDir,
    sidebar,
    panel,
    quickInput,
    testName: '',
    log: (...args) => print(`      ${args.join(' ')}`),
    async screenshot(name) {
      mkdirSync(screenshotsDir, { recursive: true });
      const file = join(screenshotsDir, `${fileTag}-${slug(name)}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async waitForText(locator, text, timeoutMs = 15_000) {
      const matches = (t) => (text instanceof RegExp ? text.test(t) : t.includes(text));
      let last = '';
      try {
        await poll(
          async () => {
            last = (await locator.allInnerTexts().catch(() => [])).join('\n');
            return matches(last);
          },
          { timeoutMs, what: `text ${text}` },
        );
      } catch {
        throw new Error(`did not see ${text} within ${timeoutMs} ms; saw: ${last.slice(0, 500) || '(nothing)'}`);
      }
    },
    async notifications() {
      return page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
    },
    /** Notification toasts and modal dialogs (e.g. "command … not found"), for failure messages. */
    async messages() {
      const dialogs = await page.locator('.monaco-dialog-box').allInnerTexts();
      return [...dialogs, ...(await ui.notifications())].map((t) => t.replace(/\s+/g, ' ').trim());
    },
    async runCommand(title) {
      const box = quickInput.locator('input');
      // The palette closes when it loses the focus: a webview the workbench focuses a moment after F1 (a panel being
      // revealed) takes it. Then the palette is opened again, at most three times, before the title is typed.
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        await quickInput.waitFor({ state: 'visible', timeout: 10_000 });
        const typed = await box.fill(`>${title}`, { timeout: 3_000 }).then(() => true, () => false);
        if (typed && (await quickInput.isVisible())) break;
        if (attempt === 3) throw new Error(`the command palette closed before "${title}" could be typed, three times`);
        ui.log(`(the command palette lost the focus before "${title}" was typed: opening it again)`);
      }
      // The first row is the best match; wait until it is the command asked for, then accept it.
      const row = quickInput.locator('.monaco-list-row').first();
      await poll(async () => ((await row.getAttribute('aria-label').catch(() => '')) ?? '').startsWith(title), {
        timeoutMs: 10_000,
        what: `command "${title}" in the palette`,
      }).catch(async () => {
        const seen = await quickInput.locator('.monaco-list-row').allInnerTexts().catch(() => []);
        throw new Error(`command "${title}" not in the palette (first rows: ${seen.slice(0, 5).join(' | ') || 'none'})`);
      });
      await box.press('Enter');
    },
    async openContainer() {
      const item = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="RPC Explorer"]') });
      await item.first().waitFor({ state: 'visible', timeout: 20_000 });
      // Clicking an already-open container closes the side bar: open it through its command instead when active.
      const title = sidebar.locator('.composite.title');
      if (!(await sidebar.isVisible()) || !/RPC EXPLORER/i.test(await title.innerText().catch(() => ''))) {
        await item.first().click();
      }
      await ui.waitForText(title, /RPC EXPLORER/i);
      // A workbench still starting (a loaded machine) can draw the container before its views: "Drag a view here to
      // display". Wait for a view; if the container stays empty, close and open it again (as a user would).
      const hasView = async () => !(await sidebar.innerText().catch(() => '')).includes('Drag a view here');
      for (let round = 0; round < 3 && !(await poll(hasView, { timeoutMs: 15_000, what: 'a view in the container' }).then(() => true, () => false)); round++) {
        ui.log('(the RPC Explorer container showed no view yet: opening it again)');
        await item.first().click();
        await item.first().click();
        await ui.waitForText(title, /RPC EXPLORER/i);
      }
      return sidebar;
    },
  };
  return ui;
}

/**
 * A fresh code-server (profile + copy of examples/) and browser context: files do not see each other's state.
 * userDataDir: a profile prepared beforehand (e.g. with keybindings); a fresh one when omitted.
 */
export async function openWorkbench(browser, { userDataDir, print = (line) => console.log(line) } = {}) {
  const t0 = Date.now();
  const workspaceDir = makeTestWorkspace();
  const server = await startCodeServer({ folder: workspaceDir, userDataDir, env: { RPC_EXPLORER_TEST_WORKSPACE: workspaceDir } });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => print(`[workbench error] ${e.message}`));
  // Only the development extension in the payload (no tests path): a normal window with this checkout loaded.
  await page.goto(workbenchUrl(server.baseUrl, workspaceDir, [['extensionDevelopmentPath', remoteUri(server.port, repoRoot)]]));
  await page.locator('.monaco-workbench .activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  print(`    (workbench ready in ${Date.now() - t0} ms, ${server.baseUrl})`);
  return {
    page,
    workspaceDir,
    server,
    close: async () => {
      await context.close().catch(() => {});
      await server.stop();
    },
  };
}

