// The call form's page for the UI tests (callForm*.ui.mjs): where its document is and how a user opens it.
import { openArgumentBox, treeRow } from './workbench.mjs';

/** The call form's document: the active webview (the workbench nests it in two iframes). */
export function formFrame(ui) {
  return ui.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/**
 * Opens a method's form from the tree with a double-click on the first row of that name, and waits until the form is
 * interactive. A double-click that opened nothing (the row moved under the pointer as the tree filled) is done again
 * once, logged.
 */
export async function openForm(ui, method) {
  const sidebar = await ui.openContainer();
  await ui.waitForText(sidebar, method, 20_000);
  const frame = formFrame(ui);
  const ready = frame.locator('body[data-ready="true"]');
  for (let attempt = 1; ; attempt++) {
    await treeRow(ui, method).dblclick();
    const opened = await ready.waitFor({ timeout: attempt === 1 ? 10_000 : 20_000 }).then(() => true, (e) => (attempt === 1 ? false : Promise.reject(e)));
    if (opened) break;
    ui.log(`(no call form opened for ${method}: double-clicking its row again)`);
  }
  await ui.waitForText(frame.locator('.method-name'), method);
  return frame;
}

/**
 * Opens a method's form the keyboard way, whatever the tree shows: Call Method (the endpoint `endpoint` when several
 * are listed), the method, then the argument box's "Open in the Call Form" button.
 */
export async function openFormFromArgumentBox(ui, method, { endpoint } = {}) {
  await openArgumentBox(ui, { endpoint, method });
  await ui.quickInput.locator('[aria-label="Open in the Call Form"]').click();
  const frame = formFrame(ui);
  await frame.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
  await ui.waitForText(frame.locator('.method-name'), method);
  return frame;
}
