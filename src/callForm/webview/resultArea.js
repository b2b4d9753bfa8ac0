// The call form's result area, below the form: the status (Calling… while it runs, then the time), the value tree of
// the RPC Result panel, a fault with its code, a failure's one line, a ws:// call's notifications, and the strip of the
// last results to compare.

/**
 * `kit`: the page's t, el, button, formatMs, valueTree, notificationList and faultView; `nodes`: the page's elements (result,
 * strip, cancel, again), set when the page renders; `isRunning()`: whether a call runs.
 */
export function createResultArea(kit, nodes, isRunning) {
  const { t, el, button, formatMs, valueTree, notificationList, faultView } = kit;
  const results = []; // the last results, newest first
  let shownResult = null;

  function renderResult() {
    const running = isRunning();
    const box = nodes.result;
    box.textContent = '';
    nodes.cancel.hidden = !running;
    nodes.again.disabled = !!running || results.length === 0;
    if (running) {
      const status = el('div', 'status status-pending');
      status.setAttribute('role', 'status');
      status.append(el('span', 'spinner'), el('span', 'status-text', t('calling')));
      box.appendChild(status);
      return;
    }
    const view = shownResult;
    if (!view) return;
    const status = el('div', 'status status-' + view.status);
    status.setAttribute('role', 'status');
    box.appendChild(status);
    if (view.status === 'ok') {
      status.append(el('span', 'glyph ok', '✓'), el('span', 'status-text', t('resultIn', formatMs(view.elapsedMs || 0))));
      box.appendChild(valueTree(view.value === undefined ? null : view.value));
    } else if (view.status === 'fault') {
      status.append(el('span', 'glyph error', '✕'), el('span', 'status-text', t('faultAfter', formatMs(view.elapsedMs || 0))));
      box.appendChild(faultView(view.fault));
    } else {
      status.append(el('span', 'glyph ' + (view.status === 'cancelled' ? 'muted' : 'error'), view.status === 'cancelled' ? '⊘' : '⚠'));
      status.append(el('span', 'status-text', t(view.status === 'cancelled' ? 'cancelledAfter' : 'failedAfter', formatMs(view.elapsedMs || 0))));
      const failure = el('div', view.status === 'cancelled' ? 'notice' : 'failure');
      failure.setAttribute('role', 'alert');
      failure.appendChild(el('p', '', view.error || view.status));
      box.appendChild(failure);
    }
    if (view.notifications && view.notifications.count > 0) box.appendChild(notificationList(view.notifications));
  }

  function renderStrip() {
    nodes.strip.textContent = '';
    if (results.length < 2) return;
    nodes.strip.appendChild(el('span', 'muted', t('lastResults') + ' '));
    results.forEach((r) => {
      const glyph = r.status === 'ok' ? '✓' : r.status === 'fault' ? '✕' : '⚠';
      const chip = button(glyph + ' ' + formatMs(r.elapsedMs || 0), r.argsText, () => {
        shownResult = r;
        renderResult();
      }, 'chip' + (r === shownResult ? ' current' : ''));
      nodes.strip.appendChild(chip);
    });
  }

  /** A call's outcome: shown, and first in the strip. */
  function add(view) {
    shownResult = view;
    results.unshift(view);
    if (results.length > 5) results.pop();
    renderResult();
    renderStrip();
  }

  return { renderResult, add };
}
