// What the UI tests do in the workbench the way a user does it: the quick input, the Methods view's rows, Quick Open,
// the RPC Result webview. Shared by the test/ui/*.ui.mjs files.
import { poll } from '../harness/codeServer.mjs';

/** The quick input's text box. */
export function inputBox(ui) {
  return ui.quickInput.locator('input.input');
}

/** Waits until the quick input shows a title/prompt matching `text` (the palette itself has none). */
export async function waitForQuickInput(ui, text) {
  await ui.quickInput.waitFor({ state: 'visible', timeout: 10_000 });
  await ui.waitForText(ui.quickInput, text, 10_000);
  // Opening fades in: screenshots wait until it is fully drawn.
  await ui.page
    .waitForFunction(
      () => {
        const widget = document.querySelector('.quick-input-widget');
        return widget && getComputedStyle(widget).opacity === '1' && !widget.getAnimations?.().some((a) => a.playState === 'running');
      },
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => {});
}

/** The "RPC Result" webview's document (the workbench nests it in two iframes). */
export function resultFrame(ui) {
  return ui.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/** A tree row of the Methods view by its label. */
export function treeRow(ui, label) {
  return ui.sidebar.locator('.monaco-list-row').filter({ has: ui.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
}

/**
 * Runs `steps` (a command and the first boxes of its quick input, filled with short timeouts) again, at most twice and
 * each time logged, when they failed because the quick input closed: a webview the workbench focuses a moment late (a
 * result panel made the active editor again) takes the focus from it.
 */
export async function whileQuickInputStays(ui, what, steps) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await steps();
    } catch (e) {
      if (attempt === 3 || (await ui.quickInput.isVisible())) throw e;
      ui.log(`(${what} closed before it was filled: running the command again)`);
    }
  }
}

/**
 * Runs Call Method and walks the endpoint pick (`endpoint`, when several are listed) and the method pick; leaves the
 * argument box open. `onMethodPick` runs while the method pick shows (a screenshot). A webview taking the focus a
 * moment late (a result panel, a form restored by a reload) can close the pick: the command is run again then.
 */
export async function openArgumentBox(ui, { endpoint, method, onMethodPick }) {
  await whileQuickInputStays(ui, 'the Call Method pick', async () => {
    await ui.runCommand('RPC Explorer: Call Method');
    await ui.quickInput.waitFor({ state: 'visible', timeout: 10_000 });
    // One endpoint: the command goes straight to its methods.
    await ui.waitForText(ui.quickInput, /endpoint|Call Method on/i, 10_000);
    if (endpoint && !/Call Method on/.test(await ui.quickInput.innerText())) {
      await waitForQuickInput(ui, /endpoint/i);
      await inputBox(ui).fill(endpoint, { timeout: 5_000 });
      await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), endpoint);
      await inputBox(ui).press('Enter');
    }
    await waitForQuickInput(ui, /Call Method on/);
    await onMethodPick?.();
    await inputBox(ui).fill(method, { timeout: 5_000 });
    await ui.waitForText(ui.quickInput.locator('.monaco-list-row').first(), method);
    await inputBox(ui).press('Enter');
    await waitForQuickInput(ui, new RegExp(`Call ${method} on`));
  });
}

/** Add Endpoint from the palette: the URL, then Auto-detect. */
export async function addEndpoint(ui, url) {
  await ui.runCommand('RPC Explorer: Add Endpoint');
  await waitForQuickInput(ui, /URL/);
  await inputBox(ui).fill(url);
  await inputBox(ui).press('Enter');
  await waitForQuickInput(ui, /protocol/i);
  await ui.waitForText(ui.quickInput, 'Auto-detect');
  await inputBox(ui).press('Enter');
}

/** Opens a workspace file through Quick Open, as a user does. */
export async function openFile(ui, relative) {
  await ui.page.keyboard.press('Escape');
  await ui.runCommand('Go to File...');
  const box = ui.quickInput.locator('input');
  await box.fill(relative);
  const row = ui.quickInput.locator('.monaco-list-row').first();
  const name = relative.split('/').pop();
  // The row's text is split by match highlights; its aria-label is whole.
  await poll(async () => ((await row.getAttribute('aria-label').catch(() => '')) ?? '').includes(name), { timeoutMs: 10_000, what: `${name} in Quick Open` });
  await box.press('Enter');
  const tab = ui.page.locator('.tabs-container .tab.active');
  await poll(async () => ((await tab.getAttribute('aria-label').catch(() => '')) ?? '').includes(name), { timeoutMs: 10_000, what: `${name} open in the editor` });
}

/**
 * Puts the cursor at a 1-based line (and column) through Go to Line/Column, as a user does, until the status bar
 * says so: an Enter that comes before the picker took the typed text does nothing, so it is tried again.
 */
export async function goToLine(ui, line, column) {
  const target = column === undefined ? `:${line}` : `:${line}:${column}`;
  const status = ui.page.locator('#workbench\\.parts\\.statusbar');
  for (let attempt = 1; ; attempt++) {
    await ui.runCommand('Go to Line/Column...');
    await inputBox(ui).fill(target);
    await ui.waitForText(ui.quickInput, `line ${line}`, 10_000).catch(() => {});
    await inputBox(ui).press('Enter');
    const at = column === undefined ? `Ln ${line},` : `Ln ${line}, Col ${column}`;
    try {
      await ui.waitForText(status, at, 5_000);
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await ui.page.keyboard.press('Escape');
    }
  }
}

/**
 * Runs a context-menu item of a tree row as a user does: right-click, click the item, until the menu closes. A menu
 * can ignore a click that comes right after it opened (and a row still redrawing can take the right-click), so the
 * condition is the menu closing, not the click returning.
 */
export async function runContextMenuItem(ui, row, label, { timeoutMs = 20_000 } = {}) {
  const menu = ui.page.locator('.context-view .monaco-menu');
  const item = menu.locator('.action-label', { hasText: label }).first();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await menu.isVisible().catch(() => false))) await row.click({ button: 'right' });
    const shown = await item.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
    if (!shown) {
      await ui.page.keyboard.press('Escape');
      continue;
    }
    await item.click();
    if (await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false)) return;
  }
  throw new Error(`the context menu item "${label}" did not run within ${timeoutMs} ms`);
}
