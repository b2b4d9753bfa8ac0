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

  function render(view) {
    current = view;
    if (ticker) clearInterval(ticker);
    ticker = null;
    app.textContent = '';

    const { header, meta, line: field } = methodHeader(view.method);
    field(t('endpoint'), view.endpoint);
    // The protocol as the tree and the pickers name it (the view carries its id).
    field(t('protocol'), PROTOCOL_NAMES[view.protocol] || view.protocol);
    field(t('arguments'), view.argsText.trim() === '' ? t('noArguments') : view.argsText, 'args');
    if (view.argsTemplate) meta.appendChild(el('dd', 'args args-template', t('asWritten', view.argsTemplate)));
    if (view.verdict) field(t('expect'), (view.verdict.held ? '\u2713 ' : '\u2717 ') + view.verdict.text, view.verdict.held ? 'verdict verdict-held' : 'verdict verdict-failed');
    app.appendChild(header);

    const status = el('div', 'status status-' + view.status);
    status.setAttribute('role', 'status');
    app.appendChild(status);

    const toolbar = el('div', 'toolbar');
    const hasValue = view.status === 'ok' || view.status === 'fault';
    const copy = button(t('copyResult'), t('copyResultTitle'), () => vscode.postMessage({ type: 'copy' }));
    const open = button(t('openJson'), t('openJsonTitle'), () => vscode.postMessage({ type: 'openJson' }), 'button secondary');
    const copyAs = button(t('copyAs'), t('copyAsTitle'), () => vscode.postMessage({ type: 'copyAs' }), 'button secondary');
    const save = button(t('saveToRequestFile'), t('saveToRequestFileTitle'), () => vscode.postMessage({ type: 'saveToRequestFile' }), 'button secondary');
    // After a fault or an error the arguments are usually what to change: Edit and Call opens them first.
    const failed = view.status === 'fault' || view.status === 'error';
    const again = failed
      ? button(t('editAndCall'), t('editAndCallTitle'), () => vscode.postMessage({ type: 'editAndCall' }), 'button secondary')
      : button(t('callAgain'), t('callAgainTitle'), () => vscode.postMessage({ type: 'callAgain' }), 'button secondary');
    copy.disabled = !hasValue;
    open.disabled = !hasValue;
    again.disabled = view.status === 'pending';
    copyAs.disabled = view.status === 'pending';
    save.disabled = view.status === 'pending';
    toolbar.append(copy, open, copyAs, save, again);
    if (view.stoppedLocalServer && view.status === 'error') {
      const start = button(t('startAndCall'), t('startAndCallTitle', view.stoppedLocalServer), () => vscode.postMessage({ type: 'startServerAndCall' }));
      toolbar.prepend(start);
    }

    const body = el('section', 'body');
    if (view.status === 'pending') {
      status.appendChild(el('span', 'spinner'));
      const label = el('span', 'status-text', t('calling'));
      status.appendChild(label);
      const cancel = button(t('cancel'), t('cancelTitle'), () => {
        cancel.disabled = true;
        label.textContent = t('cancelling');
        vscode.postMessage({ type: 'cancel', callId: view.callId });
      }, 'button danger');
      status.appendChild(cancel);
      const tick = () => {
        label.textContent = t('callingFor', formatMs(Date.now() - view.startedAt));
      };
      if (!cancel.disabled) tick();
      ticker = setInterval(() => {
        if (!cancel.disabled) tick();
      }, 200);
      // Cancel takes the keyboard only when the panel has it: never from the palette or the editor the call came from.
      if (document.hasFocus()) cancel.focus();
    } else if (view.status === 'ok') {
      status.appendChild(el('span', 'glyph ok', '\u2713'));
      status.appendChild(el('span', 'status-text', t('resultIn', formatMs(view.elapsedMs || 0))));
      body.appendChild(valueTree(view.value === undefined ? null : view.value));
    } else if (view.status === 'fault') {
      status.appendChild(el('span', 'glyph error', '\u2715'));
      status.appendChild(el('span', 'status-text', t('faultAfter', formatMs(view.elapsedMs || 0))));
      body.appendChild(faultView(view.fault));
    } else {
      status.appendChild(el('span', 'glyph ' + (view.status === 'cancelled' ? 'muted' : 'error'), view.status === 'cancelled' ? '\u2298' : '\u26A0'));
      status.appendChild(el('span', 'status-text', t(view.status === 'cancelled' ? 'cancelledAfter' : 'failedAfter', formatMs(view.elapsedMs || 0))));
      const box = el('div', view.status === 'cancelled' ? 'notice' : 'failure');
      box.setAttribute('role', 'alert');
      box.appendChild(el('p', '', view.error || view.status));
      body.appendChild(box);
    }
    // A WebSocket call: the notifications that came while it ran, beside its answer.
    if (view.notifications && view.notifications.count > 0 && view.status !== 'pending') body.appendChild(notificationList(view.notifications));
    app.appendChild(toolbar);
    app.appendChild(body);
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
