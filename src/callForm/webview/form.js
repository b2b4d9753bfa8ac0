// The call form's webview: its state, the page (tabs Form / Raw, toolbar), validation and Send, and the messages
// with the extension. esbuild bundles it into dist/callForm.js with fields.js, typedWidgets.js, header.js,
// resultArea.js and the core's form-value code. Builds every element with createElement/textContent: server strings
// (help, names, results) never reach innerHTML.
// Accessibility contract: each field's <label> starts with its parameter's path (`guest.name`, `items[0]`); the send
// button's name starts with "Send"; the tab whose name starts with "Raw" shows the raw view.
import * as l10n from '@vscode/l10n';
// The DOM helpers and the value tree the RPC Result panel shares (plain scripts that set window.RpcWebviewKit and
// window.RpcValueTree), bundled in: one script to load.
import '../../../media/webviewKit.js';
import '../../../media/valueTree.js';
import { parseArgumentList } from '../../core/values';
import { argumentListText, checkArguments, emptyValue, initialValue } from '../../core/methodShape/formValues';
import { createFields } from './fields.js';
import { createHeader } from './header.js';
import { createResultArea } from './resultArea.js';

// The page inlines this script in its <head>, before the stylesheet: it starts once the body is parsed, while the
// stylesheet still loads (the first paint waits for the stylesheet, the fields' building does not).
// When the script ran, for the benchmark's breakdown of the open (sent with 'interactive').
const scriptAt = performance.timeOrigin + performance.now();
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

function start() {
  'use strict';
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  const { t, el, button, formatMs, methodHeader } = window.RpcWebviewKit.create(app);
  const { valueTree, notificationList, faultView } = window.RpcValueTree.create({ t, el, button });

  // --- state ----------------------------------------------------------------------------------------------------
  let model = null; // { endpoint, method, shape, origin, protocol, values, variant }
  let variantIndex = 0;
  let args = [];
  /** Kinds of the arguments added beyond the parameters (methods whose argument count is open). */
  let extraKinds = [];
  /** Field texts that are not a value yet, by path: their error. */
  const drafts = new Map();
  /** Error elements by path, and the input each describes (cleared when the fields are rebuilt). */
  const errorSlots = new Map();
  const slotInputs = new Map();
  let mode = 'form';
  let running = null; // { callId }: a call runs
  /** Why Send is disabled ('' when it is not). */
  let sendReason = '';
  /** True while init builds the page: its state is posted once, with 'interactive'. */
  let opening = false;

  const nodes = {};
  const kit = { t, el, button, formatMs, methodHeader, valueTree, notificationList, faultView };
  const fields = createFields({
    ...kit,
    drafts,
    errorSlots,
    slotInputs,
    changed,
    rerender,
    protocol: () => model.protocol,
    pickFile: () => vscode.postMessage({ type: 'pickFile' }),
  });
  const { renderHeader } = createHeader(kit);
  const resultArea = createResultArea(kit, nodes, () => running);

  function params() {
    return model.shape.variants[variantIndex] ? model.shape.variants[variantIndex].params : [];
  }

  // --- the page ---------------------------------------------------------------------------------------------------

  function render() {
    app.textContent = '';
    app.appendChild(
      renderHeader(model, variantIndex, (index) => {
        variantIndex = index;
        args = params().map((p) => initialValue(p.shape));
        extraKinds = [];
        drafts.clear();
        rerender();
      }),
    );
    const tabs = el('div', 'tabs');
    tabs.setAttribute('role', 'tablist');
    nodes.formTab = button(t('form'), '', () => setMode('form'), 'tab');
    nodes.rawTab = button(t('raw'), t('rawTitle'), () => setMode('raw'), 'tab');
    for (const tab of [nodes.formTab, nodes.rawTab]) tab.setAttribute('role', 'tab');
    tabs.append(nodes.formTab, nodes.rawTab);
    app.appendChild(tabs);
    nodes.form = el('form', 'form');
    nodes.form.addEventListener('submit', (e) => e.preventDefault());
    app.appendChild(nodes.form);
    nodes.raw = el('div', 'raw');
    const rawLabel = el('label', 'field-label', t('rawLabel'));
    rawLabel.htmlFor = 'raw-text';
    nodes.rawText = el('textarea', 'input textarea mono raw-text');
    nodes.rawText.id = 'raw-text';
    nodes.rawText.spellcheck = false;
    nodes.rawText.addEventListener('input', () => changed());
    nodes.rawError = el('div', 'field-error');
    nodes.rawError.setAttribute('aria-live', 'polite');
    nodes.raw.append(rawLabel, nodes.rawText, nodes.rawError);
    app.appendChild(nodes.raw);

    const toolbar = el('div', 'toolbar');
    nodes.send = button(t('send'), t('sendTitle'), send, 'button primary');
    nodes.send.setAttribute('aria-label', t('send'));
    nodes.reason = el('span', 'reason');
    nodes.reason.setAttribute('aria-live', 'polite');
    nodes.cancel = button(t('cancel'), t('cancelTitle'), cancel, 'button danger');
    nodes.cancel.hidden = true;
    const reset = button(t('reset'), t('resetTitle'), () => {
      args = params().map((p) => initialValue(p.shape));
      extraKinds = [];
      drafts.clear();
      rerender();
    }, 'button secondary');
    const copyAs = button(t('copyAs'), t('copyAsTitle'), () => vscode.postMessage({ type: 'copyAs', text: currentText() }), 'button secondary');
    const save = button(t('saveToRequestFile'), t('saveToRequestFileTitle'), () => vscode.postMessage({ type: 'saveToRequestFile', text: currentText() }), 'button secondary');
    nodes.again = button(t('callAgain'), t('callAgainTitle'), () => vscode.postMessage({ type: 'callAgain' }), 'button secondary');
    nodes.again.disabled = true;
    toolbar.append(nodes.send, nodes.cancel, reset, copyAs, save, nodes.again, nodes.reason);
    app.appendChild(toolbar);
    nodes.strip = el('div', 'strip');
    nodes.strip.setAttribute('aria-label', t('lastResults'));
    app.appendChild(nodes.strip);
    nodes.result = el('section', 'result');
    nodes.result.setAttribute('aria-live', 'polite');
    app.appendChild(nodes.result);
    setMode(mode, true);
    resultArea.renderResult();
  }

  /** Rebuilds the fields from `args` (after a structural change: a row added, a variant picked, Raw read back). */
  function rerender() {
    const focused = document.activeElement && document.activeElement.getAttribute('aria-label');
    errorSlots.clear();
    slotInputs.clear();
    // Built off the document and put in at once (one insertion, not one per field).
    const form = document.createDocumentFragment();
    const list = params();
    list.forEach((p, i) => {
      if (args.length <= i) return;
      fields.field(form, p.name, p.shape, args, i, { required: p.required, optional: !p.required, description: p.description });
    });
    const missing = list.slice(args.length);
    for (const p of missing) {
      const add = button('+ ' + p.name, t('addField'), () => {
        while (args.length < list.indexOf(p) + 1) args.push(initialValue(list[args.length].shape));
        rerender();
      }, 'link');
      add.setAttribute('aria-label', p.name + ' ' + t('addField'));
      form.appendChild(add);
    }
    for (let i = list.length; i < args.length; i++) {
      const kind = extraKinds[i - list.length] || 'any';
      const shape = kind === 'any' ? { kind: 'any' } : { kind };
      if (i === list.length && model.shape.variants[variantIndex] && model.shape.variants[variantIndex].fixed) form.appendChild(el('div', 'note', t('extraArguments')));
      fields.field(form, 'arg' + (i + 1), shape, args, i, {
        onRemove: () => {
          args.splice(i, 1);
          extraKinds.splice(i - list.length, 1);
          rerender();
        },
      });
    }
    const variant = model.shape.variants[variantIndex];
    if (!variant || !variant.fixed) {
      const line = el('div', 'add-argument');
      const kind = el('select', 'select small');
      kind.setAttribute('aria-label', t('argumentType'));
      for (const k of ['string', 'integer', 'double', 'boolean', 'nil', 'datetime', 'base64', 'array', 'struct', 'any']) {
        const o = el('option', '', k === 'any' ? 'JSON' : k);
        o.value = k;
        kind.appendChild(o);
      }
      const add = button('+ ' + t('addArgument'), '', () => {
        const shape = kind.value === 'array' ? { kind: 'array', items: { kind: 'any' } } : kind.value === 'struct' ? { kind: 'struct', fields: [], additional: { kind: 'any' } } : { kind: kind.value };
        extraKinds[args.length - list.length] = kind.value === 'array' || kind.value === 'struct' ? 'any' : kind.value;
        args.push(emptyValue(shape));
        rerender();
      }, 'link');
      line.append(add, kind);
      form.appendChild(line);
    }
    nodes.form.replaceChildren(form);
    // Only while the form has the keyboard: focusing inside an unfocused webview takes the focus from the workbench
    // (and closes a quick input the user is typing in).
    if (focused && document.hasFocus()) {
      const again = [...nodes.form.querySelectorAll('[aria-label]')].find((n) => n.getAttribute('aria-label') === focused);
      if (again) again.focus();
    }
    changed();
  }

  function currentText() {
    return mode === 'raw' ? nodes.rawText.value : argumentListText(args);
  }

  function setMode(next, initial) {
    if (next === 'form' && mode === 'raw' && !initial) {
      const parsed = parseArgumentList(nodes.rawText.value);
      if (!parsed.ok) {
        nodes.rawError.textContent = parsed.error;
        return;
      }
      args = parsed.args;
      extraKinds = [];
      drafts.clear();
    }
    if (next === 'raw') {
      nodes.rawText.value = argumentListText(args);
      nodes.rawError.textContent = drafts.size ? t('rawDrafts') : '';
    }
    mode = next;
    nodes.formTab.setAttribute('aria-selected', String(mode === 'form'));
    nodes.rawTab.setAttribute('aria-selected', String(mode === 'raw'));
    nodes.form.hidden = mode !== 'form';
    nodes.raw.hidden = mode !== 'raw';
    if (mode === 'form') rerender();
    else changed();
  }

  /** After any edit: validation at the fields, Send enabled or not (with the reason), values kept. */
  function changed() {
    let reason = '';
    if (mode === 'raw') {
      const parsed = parseArgumentList(nodes.rawText.value);
      nodes.rawError.textContent = parsed.ok ? '' : parsed.error;
      if (!parsed.ok) reason = parsed.error;
    } else {
      const problems = checkArguments(args, params());
      for (const [path, message] of drafts) problems.unshift({ path, message });
      const byPath = new Map();
      for (const p of problems) if (!byPath.has(p.path)) byPath.set(p.path, p.message);
      for (const [path, slot] of errorSlots) {
        slot.textContent = byPath.get(path) || '';
        const input = slotInputs.get(slot);
        if (input) input.setAttribute('aria-invalid', String(byPath.has(path)));
      }
      if (problems.length) {
        const first = problems[0];
        reason = problems.length === 1 ? t('oneProblem', first.path, first.message) : t('problems', problems.length, first.path, first.message);
      }
    }
    sendReason = reason;
    updateSend();
    nodes.reason.textContent = reason;
    // The extension keeps the state (it stores the values a moment later, and sends from it without asking the page);
    // while the form opens, the state goes with 'interactive' instead.
    if (opening) return;
    vscode.postMessage({ type: 'state', ...stateNow(), edited: !!model.edited });
  }

  function stateNow() {
    return { text: currentText(), variant: variantIndex, reason: sendReason };
  }

  function updateSend() {
    nodes.send.disabled = !!sendReason || !!running;
    nodes.send.title = sendReason || t('sendTitle');
  }

  function send() {
    if (nodes.send.disabled) return;
    // Running from now on (Escape cancels); "Calling…" shows only if the extension says the call is slow.
    running = { callId: null };
    updateSend();
    vscode.postMessage({ type: 'send', text: currentText(), variant: variantIndex });
  }

  function cancel() {
    if (running) vscode.postMessage({ type: 'cancel' });
  }

  // --- the result -------------------------------------------------------------------------------------------------

  function init(nextModel, bundle) {
    model = nextModel;
    if (bundle) l10n.config({ contents: bundle });
    variantIndex = Math.min(model.variant || 0, Math.max(0, model.shape.variants.length - 1));
    const restored = model.text !== undefined ? parseArgumentList(model.text) : null;
    args = restored && restored.ok ? restored.args : params().filter((p) => p.required || p.shape.default !== undefined).map((p) => initialValue(p.shape));
    // Required parameters after an optional one keep their place.
    const list = params();
    const lastRequired = list.map((p) => p.required).lastIndexOf(true);
    while (args.length <= lastRequired) args.push(initialValue(list[args.length].shape));
    opening = true;
    try {
      render();
    } finally {
      opening = false;
    }
    document.body.dataset.ready = 'true';
    // The first field takes the keyboard when the form has it — now, or when the form first gets it — never from the
    // workbench (a palette opened while the form loaded stays open).
    const first = nodes.form.querySelector('input, select, textarea');
    const focusFirst = () => {
      if (first && (!document.activeElement || document.activeElement === document.body)) first.focus();
    };
    if (document.hasFocus()) focusFirst();
    else window.addEventListener('focus', focusFirst, { once: true });
    const marks = { navigation: performance.timeOrigin, script: scriptAt, rendered: performance.timeOrigin + performance.now() };
    vscode.postMessage({ type: 'interactive', state: stateNow(), marks });
    // From now on a change is the user's: the extension keeps it (the values as opened are not worth a write).
    model.edited = true;
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message) return;
    if (message.type === 'init') {
      init(message.model, message.bundle);
    } else if (message.type === 'send') {
      // "Send" from outside the page (a keybinding's command): exactly what the button does.
      send();
    } else if (message.type === 'running') {
      running = { callId: message.callId };
      resultArea.renderResult();
      updateSend();
    } else if (message.type === 'result') {
      running = null;
      resultArea.add(message.view);
      updateSend();
      vscode.postMessage({ type: 'shown', callId: message.view.callId, status: message.view.status });
    } else if (message.type === 'file') {
      fields.receiveFile(message.base64);
    }
  });

  // Keyboard: Ctrl/Cmd+Enter sends, Escape cancels a running call.
  window.addEventListener('keydown', (event) => {
    if (!model) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    } else if (event.key === 'Escape' && running) {
      event.preventDefault();
      cancel();
    }
  });

  // The model comes with the page (no round trip before the fields show); without it, ask for it.
  const data = document.getElementById('form-model');
  const embedded = data ? JSON.parse(data.textContent) : null;
  if (embedded) init(embedded.model, embedded.bundle);
  else vscode.postMessage({ type: 'ready' });
}
