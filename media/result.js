// The "RPC Result" webview. Builds every element with createElement/textContent from the posted data:
// server strings never reach innerHTML, so `<img src=x onerror=alert(1)>` shows literally.
// Large values render lazily: containers build their children on expand, in pages, and long strings are cut
// with an explicit "show all".
(function () {
  'use strict';
  const PROTOCOL_NAMES = { xmlrpc: 'XML-RPC', jsonrpc: 'JSON-RPC', hprose: 'hprose' };
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  // The words come from the extension, in VS Code's display language (ResultPanel's webviewLabels); the DOM helpers
  // are media/webviewKit.js's, shared with the call form.
  const { t, el, button, formatMs, methodHeader } = window.RpcWebviewKit.create(app);
  let current = null;
  let ticker = null;

  // The value tree (media/valueTree.js), shared with the call form.
  const { valueTree, notificationList, faultView } = window.RpcValueTree.create({ t, el, button });

  // --- the page -----------------------------------------------------------------------------------------------

  // The header and the toolbar stay on the page from one call to the next: a call repeated with the same arguments
  // only changes its status and its value (fewer elements to build and style), and a focused toolbar button
  // (Call Again pressed with the keyboard) keeps the focus.
  let header = null;
  let headerKey = '';
  const toolbar = el('div', 'toolbar');
  const copy = button(t('copyResult'), t('copyResultTitle'), () => vscode.postMessage({ type: 'copy' }));
  const open = button(t('openJson'), t('openJsonTitle'), () => vscode.postMessage({ type: 'openJson' }), 'button secondary');
  const copyAs = button(t('copyAs'), t('copyAsTitle'), () => vscode.postMessage({ type: 'copyAs' }), 'button secondary');
  const save = button(t('saveToRequestFile'), t('saveToRequestFileTitle'), () => vscode.postMessage({ type: 'saveToRequestFile' }), 'button secondary');
  // After a fault or an error the arguments are usually what to change: the same button is Edit and Call then.
  const again = button(t('callAgain'), t('callAgainTitle'), () => vscode.postMessage({ type: current && isFailure(current) ? 'editAndCall' : 'callAgain' }), 'button secondary');
  const start = button(t('startAndCall'), '', () => vscode.postMessage({ type: 'startServerAndCall' }));
  toolbar.append(start, copy, open, copyAs, save, again);
  let status = el('div');
  let body = el('section');

  function isFailure(view) {
    return view.status === 'fault' || view.status === 'error';
  }

  function headerOf(view) {
    const { header: built, meta, line: field } = methodHeader(view.method);
    field(t('endpoint'), view.endpoint);
    // The protocol as the tree and the pickers name it (the view carries its id).
    field(t('protocol'), PROTOCOL_NAMES[view.protocol] || view.protocol);
    field(t('arguments'), view.argsText.trim() === '' ? t('noArguments') : view.argsText, 'args');
    if (view.argsTemplate) meta.appendChild(el('dd', 'args args-template', t('asWritten', view.argsTemplate)));
    if (view.verdict) field(t('expect'), (view.verdict.held ? '\u2713 ' : '\u2717 ') + view.verdict.text, view.verdict.held ? 'verdict verdict-held' : 'verdict verdict-failed');
    return built;
  }

  function updateToolbar(view) {
    const hasValue = view.status === 'ok' || view.status === 'fault';
    const failed = isFailure(view);
    again.textContent = t(failed ? 'editAndCall' : 'callAgain');
    again.title = t(failed ? 'editAndCallTitle' : 'callAgainTitle');
    copy.disabled = !hasValue;
    open.disabled = !hasValue;
    again.disabled = view.status === 'pending';
    copyAs.disabled = view.status === 'pending';
    save.disabled = view.status === 'pending';
    const offerStart = !!view.stoppedLocalServer && view.status === 'error';
    start.hidden = !offerStart;
    if (offerStart) start.title = t('startAndCallTitle', view.stoppedLocalServer);
  }

  function render(view) {
    const cancelHadFocus = !!current && current.status === 'pending' && status.contains(document.activeElement);
    current = view;
    if (ticker) clearInterval(ticker);
    ticker = null;

    const key = JSON.stringify([view.method, view.endpoint, view.protocol, view.argsText, view.argsTemplate, view.verdict]);
    if (!header || key !== headerKey) {
      const built = headerOf(view);
      if (header) header.replaceWith(built);
      else app.textContent = '';
      header = built;
      headerKey = key;
    }

    const nextStatus = el('div', 'status status-' + view.status);
    nextStatus.setAttribute('role', 'status');
    updateToolbar(view);

    const nextBody = el('section', 'body');
    let focusAfter = null;
    if (view.status === 'pending') {
      nextStatus.appendChild(el('span', 'spinner'));
      const label = el('span', 'status-text', t('calling'));
      nextStatus.appendChild(label);
      const cancel = button(t('cancel'), t('cancelTitle'), () => {
        cancel.disabled = true;
        label.textContent = t('cancelling');
        vscode.postMessage({ type: 'cancel', callId: view.callId });
      }, 'button danger');
      nextStatus.appendChild(cancel);
      const tick = () => {
        label.textContent = t('callingFor', formatMs(Date.now() - view.startedAt));
      };
      if (!cancel.disabled) tick();
      ticker = setInterval(() => {
        if (!cancel.disabled) tick();
      }, 200);
      // Cancel takes the keyboard only when the panel has it: never from the palette or the editor the call came from.
      if (document.hasFocus()) focusAfter = cancel;
    } else if (view.status === 'ok') {
      nextStatus.appendChild(el('span', 'glyph ok', '\u2713'));
      nextStatus.appendChild(el('span', 'status-text', t('resultIn', formatMs(view.elapsedMs || 0))));
      nextBody.appendChild(valueTree(view.value === undefined ? null : view.value));
    } else if (view.status === 'fault') {
      nextStatus.appendChild(el('span', 'glyph error', '\u2715'));
      nextStatus.appendChild(el('span', 'status-text', t('faultAfter', formatMs(view.elapsedMs || 0))));
      nextBody.appendChild(faultView(view.fault));
    } else {
      nextStatus.appendChild(el('span', 'glyph ' + (view.status === 'cancelled' ? 'muted' : 'error'), view.status === 'cancelled' ? '\u2298' : '\u26A0'));
      nextStatus.appendChild(el('span', 'status-text', t(view.status === 'cancelled' ? 'cancelledAfter' : 'failedAfter', formatMs(view.elapsedMs || 0))));
      const box = el('div', view.status === 'cancelled' ? 'notice' : 'failure');
      box.setAttribute('role', 'alert');
      box.appendChild(el('p', '', view.error || view.status));
      nextBody.appendChild(box);
    }
    // A WebSocket call: the notifications that came while it ran, beside its answer.
    if (view.notifications && view.notifications.count > 0 && view.status !== 'pending') nextBody.appendChild(notificationList(view.notifications));

    if (status.isConnected) {
      status.replaceWith(nextStatus);
      body.replaceWith(nextBody);
    } else {
      app.append(header, nextStatus, toolbar, nextBody);
    }
    status = nextStatus;
    body = nextBody;
    // The call ended while its Cancel had the keyboard: the keyboard goes on to Call Again (or Edit and Call).
    if (cancelHadFocus && view.status !== 'pending') focusAfter = again;
    if (focusAfter) focusAfter.focus();
    // The extension records the call in the history once the user can see its outcome.
    vscode.postMessage({ type: 'shown', callId: view.callId, status: view.status });
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'show' && message.view) render(message.view);
  });

  // Keyboard: Escape cancels a pending call; Ctrl/Cmd+Enter calls again.
  window.addEventListener('keydown', (event) => {
    if (!current) return;
    if (event.key === 'Escape' && current.status === 'pending') vscode.postMessage({ type: 'cancel', callId: current.callId });
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && current.status !== 'pending') vscode.postMessage({ type: 'callAgain' });
  });

  vscode.postMessage({ type: 'ready' });
})();
