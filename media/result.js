// The "RPC Result" webview. Builds every element with createElement/textContent from the posted data:
// server strings never reach innerHTML, so `<img src=x onerror=alert(1)>` shows literally.
// Large values render lazily: containers build their children on expand, in pages, and long strings are cut
// with an explicit "show all".
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  // The words come from the extension, in VS Code's display language (ResultPanel's webviewLabels).
  const LABELS = JSON.parse(app.dataset.labels || '{}');
  /** A label with its {0}, {1}… filled in. */
  function t(key, ...args) {
    const text = typeof LABELS[key] === 'string' ? LABELS[key] : key;
    return text.replace(/\{(\d+)\}/g, (match, index) => (args[index] === undefined ? match : String(args[index])));
  }
  const PAGE = 200; // children per page of an array/struct
  const STRING_CUT = 2000; // characters of a string shown before "show all"
  const AUTO_EXPAND_DEPTH = 2;
  const AUTO_EXPAND_MAX_CHILDREN = 50;
  let current = null;
  let ticker = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function button(label, title, onClick, className) {
    const b = el('button', className || 'button', label);
    b.type = 'button';
    if (title) b.title = title;
    b.addEventListener('click', onClick);
    return b;
  }

  function formatMs(ms) {
    if (ms < 10) return ms.toFixed(1) + ' ms';
    if (ms < 1000) return Math.round(ms) + ' ms';
    return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
  }

  // --- typed JSON -------------------------------------------------------------------------------------------

  /** A tagged value ({"$datetime": s}, {"$base64": s}, {"$double": n}, {"$i8": s}) or null. */
  function tagOf(value) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const keys = Object.keys(value);
    if (keys.length !== 1) return null;
    const key = keys[0];
    const inner = value[key];
    if (key === '$datetime' && typeof inner === 'string') return { tag: 'datetime', text: inner };
    if (key === '$base64' && typeof inner === 'string') return { tag: 'binary', text: inner };
    if (key === '$double' && typeof inner === 'number') return { tag: 'double', text: String(inner) };
    if (key === '$i8' && typeof inner === 'string') return { tag: 'i8', text: inner };
    return null;
  }

  function base64Bytes(text) {
    const clean = text.replace(/\s+/g, '');
    const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
    return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
  }

  /** The leaf element of a scalar or tagged value. */
  function scalar(value) {
    const tagged = tagOf(value);
    if (tagged) {
      const wrap = el('span', 'tagged tagged-' + tagged.tag);
      const label = tagged.tag === 'binary' ? t('binaryBytes', base64Bytes(tagged.text)) : tagged.tag;
      wrap.appendChild(el('span', 'badge', label));
      wrap.appendChild(longText(tagged.text, 'v-' + (tagged.tag === 'binary' ? 'binary' : tagged.tag === 'datetime' ? 'date' : 'number'), false));
      return wrap;
    }
    if (value === null) return el('span', 'v-null', 'nil');
    if (typeof value === 'boolean') return el('span', 'v-boolean', String(value));
    if (typeof value === 'number') return el('span', 'v-number', String(value));
    if (typeof value === 'string') return longText(value, 'v-string', true);
    return el('span', 'v-unknown', String(value));
  }

  /** A string, cut at STRING_CUT characters with a "show all" button. */
  function longText(text, className, quoted) {
    const span = el('span', className);
    const render = (all) => {
      span.textContent = '';
      const shown = all || text.length <= STRING_CUT ? text : text.slice(0, STRING_CUT);
      span.appendChild(document.createTextNode(quoted ? '"' + shown + (shown.length < text.length ? '' : '"') : shown));
      if (shown.length < text.length) {
        span.appendChild(el('span', 'ellipsis', '…'));
        span.appendChild(
          button(t('showAllCharacters', text.length.toLocaleString()), t('showAllCharactersTitle'), (e) => {
            e.stopPropagation();
            render(true);
          }, 'link'),
        );
      }
    };
    render(false);
    return span;
  }

  function isContainer(value) {
    return value !== null && typeof value === 'object' && !tagOf(value);
  }

  function entriesOf(value) {
    return Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  }

  function summary(value) {
    if (Array.isArray(value)) return 'array [' + value.length + ']';
    return 'struct {' + Object.keys(value).length + '}';
  }

  /** One row of the tree: key, then a scalar or a collapsible container whose children are built on expand. */
  function row(key, value, depth, isArrayItem) {
    const item = el('li', 'row');
    item.setAttribute('role', 'treeitem');
    const line = el('div', 'line');
    item.appendChild(line);
    if (!isContainer(value)) {
      line.appendChild(el('span', 'twistie-space'));
      if (key !== null) line.appendChild(el('span', isArrayItem ? 'key index' : 'key', key));
      if (key !== null) line.appendChild(el('span', 'colon', ': '));
      line.appendChild(scalar(value));
      return item;
    }
    const entries = Array.isArray(value) ? value.length : Object.keys(value).length;
    const toggle = button('', t('expand'), () => setOpen(!open), 'twistie');
    toggle.setAttribute('aria-expanded', 'false');
    line.appendChild(toggle);
    if (key !== null) line.appendChild(el('span', isArrayItem ? 'key index' : 'key', key));
    if (key !== null) line.appendChild(el('span', 'colon', ': '));
    const kind = el('span', 'summary', summary(value));
    kind.addEventListener('click', () => setOpen(!open));
    line.appendChild(kind);
    let open = false;
    let list = null;
    function setOpen(next) {
      open = next && entries > 0;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.classList.toggle('open', open);
      item.setAttribute('aria-expanded', String(open));
      if (open && !list) {
        list = el('ul', 'children');
        list.setAttribute('role', 'group');
        const all = entriesOf(value);
        let shown = 0;
        const more = el('li', 'row more');
        const showPage = () => {
          const end = Math.min(all.length, shown + PAGE);
          const fragment = document.createDocumentFragment();
          for (let i = shown; i < end; i++) fragment.appendChild(row(all[i][0], all[i][1], depth + 1, Array.isArray(value)));
          list.insertBefore(fragment, more);
          shown = end;
          more.textContent = '';
          if (shown < all.length) {
            more.appendChild(button(t('showMore', Math.min(PAGE, all.length - shown), shown.toLocaleString(), all.length.toLocaleString()), '', showPage, 'link'));
            more.appendChild(button(t('showAll'), t('showAllTitle'), () => {
              while (shown < all.length) showPage();
            }, 'link'));
          } else {
            more.remove();
          }
        };
        list.appendChild(more);
        showPage();
        item.appendChild(list);
      }
      if (list) list.hidden = !open;
    }
    if (entries === 0) toggle.disabled = true;
    if (depth < AUTO_EXPAND_DEPTH && entries <= AUTO_EXPAND_MAX_CHILDREN) setOpen(true);
    return item;
  }

  function valueTree(value) {
    const tree = el('ul', 'tree');
    tree.setAttribute('role', 'tree');
    tree.appendChild(row(null, value, 0, false));
    return tree;
  }

  // --- the page -----------------------------------------------------------------------------------------------

  function render(view) {
    current = view;
    if (ticker) clearInterval(ticker);
    ticker = null;
    app.textContent = '';

    const header = el('header', 'header');
    const title = el('h1', 'method');
    title.appendChild(el('span', 'glyph', '\u25B6'));
    title.appendChild(el('span', 'method-name', view.method));
    header.appendChild(title);
    const meta = el('dl', 'meta');
    const field = (label, text, className) => {
      meta.appendChild(el('dt', '', label));
      meta.appendChild(el('dd', className || '', text));
    };
    field(t('endpoint'), view.endpoint);
    field(t('protocol'), view.protocol);
    field(t('arguments'), view.argsText.trim() === '' ? t('noArguments') : view.argsText, 'args');
    if (view.argsTemplate) meta.appendChild(el('dd', 'args args-template', t('asWritten', view.argsTemplate)));
    if (view.verdict) field(t('expect'), (view.verdict.held ? '\u2713 ' : '\u2717 ') + view.verdict.text, view.verdict.held ? 'verdict verdict-held' : 'verdict verdict-failed');
    header.appendChild(meta);
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
      cancel.focus();
    } else if (view.status === 'ok') {
      status.appendChild(el('span', 'glyph ok', '\u2713'));
      status.appendChild(el('span', 'status-text', t('resultIn', formatMs(view.elapsedMs || 0))));
      body.appendChild(valueTree(view.value === undefined ? null : view.value));
    } else if (view.status === 'fault') {
      status.appendChild(el('span', 'glyph error', '\u2715'));
      status.appendChild(el('span', 'status-text', t('faultAfter', formatMs(view.elapsedMs || 0))));
      const box = el('div', 'fault');
      box.setAttribute('role', 'alert');
      const code = el('div', 'fault-code');
      code.appendChild(el('span', 'badge error-badge', t('fault')));
      code.appendChild(el('span', 'fault-code-value', view.fault.code === null ? t('noFaultCode') : t('faultCode', String(view.fault.code))));
      box.appendChild(code);
      box.appendChild(el('pre', 'fault-message', view.fault.message));
      if (view.fault.data !== undefined && view.fault.data !== null) {
        box.appendChild(el('div', 'fault-data-label', t('faultData')));
        box.appendChild(valueTree(view.fault.data));
      }
      body.appendChild(box);
    } else {
      status.appendChild(el('span', 'glyph ' + (view.status === 'cancelled' ? 'muted' : 'error'), view.status === 'cancelled' ? '\u2298' : '\u26A0'));
      status.appendChild(el('span', 'status-text', t(view.status === 'cancelled' ? 'cancelledAfter' : 'failedAfter', formatMs(view.elapsedMs || 0))));
      const box = el('div', view.status === 'cancelled' ? 'notice' : 'failure');
      box.setAttribute('role', 'alert');
      box.appendChild(el('p', '', view.error || view.status));
      body.appendChild(box);
    }
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
