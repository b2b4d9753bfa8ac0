// The call form's page for the UI tests (callForm*.ui.mjs): where its document is and how a user opens it.
import { treeRow } from './workbench.mjs';

/** The call form's document: the active webview (the workbench nests it in two iframes). */
export function formFrame(ui) {
  return ui.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/** Opens a method's form from the tree with a double-click, and waits until the form is interactive. */
export async function openForm(ui, method) {
  const sidebar = await ui.openContainer();
  await ui.waitForText(sidebar, method, 20_000);
  await treeRow(ui, method).dblclick();
  const frame = formFrame(ui);
  await frame.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
  await ui.waitForText(frame.locator('.method-name'), method);
  return frame;
}
