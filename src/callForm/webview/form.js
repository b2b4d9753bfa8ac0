// The call form's webview (bundled by esbuild into dist/callForm.js with the core's form-value code). Builds every
// element with createElement/textContent: server strings (help, names, results) never reach innerHTML.
// Accessibility contract: each field's <label> starts with its parameter's path (`guest.name`, `items[0]`); the send
// button's name starts with "Send"; the tab whose name starts with "Raw" shows the raw view.
import * as l10n from '@vscode/l10n';
// The DOM helpers and the value tree the RPC Result panel shares (plain scripts that set window.RpcWebviewKit and
// window.RpcValueTree), bundled in: one script to load.
import '../../../media/webviewKit.js';
import '../../../media/valueTree.js';
import { parseArgumentList, parseTypedJson, taggedOf } from '../../core/values';
import {
  argumentListText,
  base64ToHex,
  checkArguments,
  checkValue,
  emptyValue,
  fitsShape,
  hexToBase64,
  initialValue,
  numberText,
  readDoubleText,
  readIntegerText,
  readNumberText,
  typedJsonText,
  variantOf,
} from '../../core/methodShape/formValues';

(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  const { t, el, button, formatMs } = window.RpcWebviewKit.create(app);
  const { valueTree, notificationList } = window.RpcValueTree.create({ t, el, button });

  // --- state ----------------------------------------------------------------------------------------------------
  let model = null; // { endpoint, method, shape, origin, protocol, values, variant }
  let variantIndex = 0;
  let args = [];
  /** Kinds of the arguments added beyond the parameters (methods whose argument count is open). */
  let extraKinds = [];
  /** Field texts that are not a value yet, by path: their error. */
  const drafts = new Map();
  /** Error elements by path. */
  let errorSlots = new Map();
  /** The input an error element describes. */
  let slotInputs = new Map();
  let mode = 'form';
  let running = null; // { callId }
  const results = []; // the strip of the last results
  let shownResult = null;
  let fieldCounter = 0;
  /** Why Send is disabled ('' when it is not). */
  let sendReason = '';

  const nodes = {};

  function params() {
    return model.shape.variants[variantIndex] ? model.shape.variants[variantIndex].params : [];
  }

  // --- fields ---------------------------------------------------------------------------------------------------

  function fieldId() {
    return 'f' + ++fieldCounter;
  }

  /** A label whose text starts with the path (the accessible name), then the type. */
  function labelFor(id, path) {
    const label = el('label', 'field-label');
    label.htmlFor = id;
    label.appendChild(el('span', 'field-name', path));
    return label;
  }

  function typeBadge(shape) {
    const kind = shape.kind === 'struct' ? 'struct' : shape.kind;
    return el('span', 'type', kind + (shape.nullable ? '?' : ''));
  }

  function errorSlot(path) {
    const slot = el('div', 'field-error');
    slot.id = 'err-' + fieldCounter + '-' + path.replace(/[^\w]/g, '_');
    slot.setAttribute('aria-live', 'polite');
    errorSlots.set(path, slot);
    return slot;
  }

  /**
   * One field: holder[key] is its value. `required`: the parameter / struct field is required. `onRemove`: a button
   * that removes it (array rows, optional struct fields, added arguments).
   */
  function field(container, path, shape, holder, key, options) {
    const opts = options || {};
    const row = el('div', 'field field-' + shape.kind);
    container.appendChild(row);
    const head = el('div', 'field-head');
    row.appendChild(head);
    const body = el('div', 'field-body');
    row.appendChild(body);
    const value = holder[key];
    const nilAllowed = shape.nullable || (opts.optional && model.protocol !== 'hprose-no-nil');
    // A value the shape cannot show stays as typed JSON text: nothing is lost.
    const fits = value === null ? nilAllowed || shape.kind === 'nil' : fitsShape(value, shape);
    const id = fieldId();
    head.appendChild(labelFor(id, path, shape, opts.required));
    if (opts.required) {
      // The mark is visual, outside the label: the input says aria-required, its accessible name stays the path.
      const mark = el('span', 'required', '*');
      mark.setAttribute('aria-hidden', 'true');
      head.appendChild(mark);
    }
    head.appendChild(typeBadge(shape));
    if (opts.description) body.appendChild(el('div', 'description', opts.description));
    if (nilAllowed && shape.kind !== 'nil') {
      const nil = el('input');
      nil.type = 'checkbox';
      nil.className = 'nil-toggle';
      nil.setAttribute('aria-label', path + ' nil');
      nil.checked = value === null;
      const nilLabel = el('label', 'nil-label');
      nilLabel.appendChild(nil);
      nilLabel.appendChild(el('span', '', 'nil'));
      nil.addEventListener('change', () => {
        holder[key] = nil.checked ? null : initialValue({ ...shape, nullable: false });
        rerender();
      });
      head.appendChild(nilLabel);
    }
    if (opts.onRemove) {
      const remove = button('✕', t('remove'), opts.onRemove, 'icon-button');
      remove.setAttribute('aria-label', path + ' ' + t('remove'));
      head.appendChild(remove);
    }
    if (opts.extraControls) opts.extraControls(head);
    if (value === null && nilAllowed && shape.kind !== 'nil') {
      body.appendChild(el('span', 'muted', 'nil'));
    } else if (!fits) {
      body.appendChild(el('div', 'note', t('doesNotFit', shape.kind)));
      jsonWidget(body, id, path, holder, key);
    } else {
      widget(body, id, path, shape, holder, key);
    }
    body.appendChild(errorSlot(path));
    const input = document.getElementById(id);
    if (input) {
      slotInputs.set(errorSlots.get(path), input);
      input.setAttribute('aria-describedby', errorSlots.get(path).id);
      if (opts.required) input.setAttribute('aria-required', 'true');
    }
    return row;
  }

  function textInput(id, text, onInput, attrs) {
    const input = el('input', 'input');
    input.type = 'text';
    input.id = id;
    input.value = text;
    input.spellcheck = false;
    for (const [k, v] of Object.entries(attrs || {})) input.setAttribute(k, v);
    input.addEventListener('input', () => onInput(input.value));
    return input;
  }

  /** A text whose meaning `read` decides (integer, double…): the value changes only when the text is valid. */
  function parsedInput(container, id, path, text, read, holder, key, attrs) {
    container.appendChild(
      textInput(id, text, (value) => {
        const result = read(value);
        if (result.ok) {
          drafts.delete(path);
          holder[key] = result.value;
        } else drafts.set(path, result.error);
        changed();
      }, attrs),
    );
  }

  function jsonWidget(container, id, path, holder, key) {
    parsedInput(container, id, path, typedJsonText(holder[key]), (text) => {
      const parsed = parseTypedJson(text);
      return parsed.ok ? parsed : { ok: false, error: parsed.error };
    }, holder, key, { class: 'input mono' });
  }

  function widget(container, id, path, shape, holder, key) {
    const value = holder[key];
    switch (shape.kind) {
      case 'string': {
        const multiline = shape.multiline || (typeof value === 'string' && value.includes('\n'));
        const input = multiline ? el('textarea', 'input textarea') : el('input', 'input');
        if (!multiline) input.type = 'text';
        input.id = id;
        input.value = value;
        if (shape.maxLength !== undefined) input.setAttribute('aria-description', t('atMost', shape.maxLength));
        input.addEventListener('input', () => {
          holder[key] = input.value;
          changed();
        });
        container.appendChild(input);
        if (!multiline) {
          const more = button('⏎', t('multiline'), () => {
            shape.multiline = true;
            rerender();
          }, 'icon-button');
          more.setAttribute('aria-label', path + ' ' + t('multiline'));
          container.appendChild(more);
        }
        return;
      }
      case 'integer':
        return parsedInput(container, id, path, numberText(value) ?? '', readIntegerText, holder, key, { inputmode: 'numeric', class: 'input mono' });
      case 'double':
        return parsedInput(container, id, path, numberText(value) ?? '', readDoubleText, holder, key, { inputmode: 'decimal', class: 'input mono' });
      case 'number':
        return parsedInput(container, id, path, numberText(value) ?? '', readNumberText, holder, key, { inputmode: 'decimal', class: 'input mono' });
      case 'boolean': {
        const box = el('input', 'checkbox');
        box.type = 'checkbox';
        box.id = id;
        box.checked = value === true;
        box.addEventListener('change', () => {
          holder[key] = box.checked;
          changed();
        });
        container.appendChild(box);
        container.appendChild(el('span', 'muted', String(value)));
        box.addEventListener('change', () => (box.nextSibling.textContent = String(box.checked)));
        return;
      }
      case 'nil':
        container.appendChild(el('span', 'muted', 'nil'));
        return;
      case 'datetime':
        return datetimeWidget(container, id, path, holder, key);
      case 'base64':
        return binaryWidget(container, id, path, holder, key);
      case 'enum': {
        const select = el('select', 'select');
        select.id = id;
        shape.options.forEach((option, i) => {
          const item = el('option', '', typeof option === 'string' ? option : typedJsonText(option));
          item.value = String(i);
          if (typedJsonText(option) === typedJsonText(value)) item.selected = true;
          select.appendChild(item);
        });
        select.addEventListener('change', () => {
          holder[key] = shape.options[Number(select.value)];
          changed();
        });
        container.appendChild(select);
        return;
      }
      case 'oneOf': {
        const current = variantOf(value, shape);
        const select = el('select', 'select');
        select.id = id;
        shape.variants.forEach((variant, i) => {
          const item = el('option', '', variant.label);
          item.value = String(i);
          item.selected = i === current;
          select.appendChild(item);
        });
        select.addEventListener('change', () => {
          holder[key] = initialValue(shape.variants[Number(select.value)].shape);
          rerender();
        });
        container.appendChild(select);
        const inner = el('div', 'nested');
        container.appendChild(inner);
        // The variant's own widgets, under the same path (its label says the variant).
        const variantShape = shape.variants[current].shape;
        if (variantShape.kind === 'struct' || variantShape.kind === 'array') nested(inner, path, variantShape, holder, key);
        else widget(inner, fieldId(), path, variantShape, holder, key);
        return;
      }
      case 'array':
      case 'struct':
        return nested(container, path, shape, holder, key);
      default:
        return jsonWidget(container, id, path, holder, key);
    }
  }

  /** The rows of an array or the fields of a struct. */
  function nested(container, path, shape, holder, key) {
    const value = holder[key];
    const box = el('div', 'nested');
    container.appendChild(box);
    if (shape.kind === 'array') {
      value.forEach((item, i) => {
        const rowPath = path + '[' + i + ']';
        field(box, rowPath, shape.items, value, i, {
          onRemove: () => {
            value.splice(i, 1);
            rerender();
          },
          extraControls: (head) => {
            const up = button('↑', t('moveUp'), () => {
              [value[i - 1], value[i]] = [value[i], value[i - 1]];
              rerender();
            }, 'icon-button');
            up.setAttribute('aria-label', rowPath + ' ' + t('moveUp'));
            up.disabled = i === 0;
            const down = button('↓', t('moveDown'), () => {
              [value[i + 1], value[i]] = [value[i], value[i + 1]];
              rerender();
            }, 'icon-button');
            down.setAttribute('aria-label', rowPath + ' ' + t('moveDown'));
            down.disabled = i === value.length - 1;
            head.append(up, down);
          },
        });
      });
      const add = button('+ ' + t('addItem'), '', () => {
        value.push(initialValue(shape.items));
        rerender();
      }, 'link');
      add.setAttribute('aria-label', path + ' ' + t('addItem'));
      box.appendChild(add);
      return;
    }
    for (const f of shape.fields) {
      const fieldPath = path + '.' + f.name;
      if (Object.prototype.hasOwnProperty.call(value, f.name)) {
        field(box, fieldPath, f.shape, value, f.name, {
          required: f.required,
          description: f.shape.description,
          onRemove: f.required
            ? undefined
            : () => {
                delete value[f.name];
                rerender();
              },
        });
      } else {
        const add = button('+ ' + f.name, t('addField'), () => {
          value[f.name] = initialValue(f.shape);
          rerender();
        }, 'link');
        add.setAttribute('aria-label', fieldPath + ' ' + t('addField'));
        box.appendChild(add);
        if (f.required) box.appendChild(errorSlot(fieldPath));
      }
    }
    const unknown = Object.keys(value).filter((k) => !shape.fields.some((f) => f.name === k));
    if (unknown.length && !shape.additional) box.appendChild(el('div', 'note', t('unknownKeys', unknown.join(', '))));
    for (const k of unknown) {
      const entryPath = path + '.' + k;
      field(box, entryPath, shape.additional || { kind: 'any' }, value, k, {
        onRemove: () => {
          delete value[k];
          rerender();
        },
      });
    }
    if (shape.additional) {
      const keyInput = el('input', 'input key-input');
      keyInput.type = 'text';
      keyInput.placeholder = t('newKey');
      keyInput.setAttribute('aria-label', path + ' ' + t('newKey'));
      const add = button('+ ' + t('addEntry'), '', () => {
        const name = keyInput.value.trim();
        if (!name || Object.prototype.hasOwnProperty.call(value, name)) return;
        value[name] = initialValue(shape.additional);
        rerender();
      }, 'link');
      add.setAttribute('aria-label', path + ' ' + t('addEntry'));
      const line = el('div', 'add-entry');
      line.append(keyInput, add);
      box.appendChild(line);
    }
  }

  /** dateTime: the protocol's lexical form as text (XML-RPC 20260101T12:00:00, JSON and hprose ISO 8601), and a picker. */
  function datetimeWidget(container, id, path, holder, key) {
    const value = holder[key];
    const tagged = value !== null && typeof value === 'object' ? taggedOf(value) : null;
    const text = tagged ? tagged.value : String(value);
    const plain = typeof value === 'string'; // JSON-RPC: a string in date-time format
    const read = (input) => {
      const candidate = plain ? input.trim() : { $datetime: input.trim() };
      const problem = plain ? (/^\d{4}-?\d{2}-?\d{2}/.test(input.trim()) ? null : t('notDate')) : null;
      if (problem) return { ok: false, error: problem };
      if (!plain) {
        const checked = checkValue(candidate, { kind: 'datetime' });
        if (checked.length) return { ok: false, error: checked[0].message };
      }
      return { ok: true, value: candidate };
    };
    parsedInput(container, id, path, text, read, holder, key, { class: 'input mono' });
    const picker = el('input', 'picker');
    picker.type = 'datetime-local';
    picker.step = '1';
    picker.setAttribute('aria-label', path + ' ' + t('pickDate'));
    picker.addEventListener('change', () => {
      if (!picker.value) return;
      const local = picker.value.length === 16 ? picker.value + ':00' : picker.value;
      const lexical = model.protocol === 'xmlrpc' && !plain ? local.replace(/-/g, '') : local;
      holder[key] = plain ? lexical : { $datetime: lexical };
      drafts.delete(path);
      rerender();
    });
    container.appendChild(picker);
  }

  /** Binary: base64 or hex text, or a file's bytes (read by the extension). */
  function binaryWidget(container, id, path, holder, key) {
    const value = holder[key];
    const base64 = taggedOf(value).value;
    let hex = false;
    const select = el('select', 'select small');
    select.setAttribute('aria-label', path + ' ' + t('encoding'));
    for (const name of ['base64', 'hex']) {
      const o = el('option', '', name);
      o.value = name;
      select.appendChild(o);
    }
    const input = textInput(id, base64, (text) => {
      const b64 = hex ? hexToBase64(text) : text.replace(/\s+/g, '');
      const candidate = b64 === undefined ? null : { $base64: b64 };
      const problems = candidate ? checkValue(candidate, { kind: 'base64' }) : [{ message: t('notHex') }];
      if (problems.length) drafts.set(path, problems[0].message);
      else {
        drafts.delete(path);
        holder[key] = candidate;
      }
      changed();
    }, { class: 'input mono' });
    select.addEventListener('change', () => {
      hex = select.value === 'hex';
      const current = taggedOf(holder[key]).value;
      input.value = hex ? base64ToHex(current) ?? '' : current;
    });
    const fromFile = button(t('fromFile'), t('fromFileTitle'), () => {
      pendingFile = { holder, key, path };
      vscode.postMessage({ type: 'pickFile' });
    }, 'button secondary small');
    fromFile.setAttribute('aria-label', path + ' ' + t('fromFile'));
    container.append(input, select, fromFile);
  }
  let pendingFile = null;

  // --- the page ---------------------------------------------------------------------------------------------------

  function originText() {
    switch (model.shape.origin) {
      case 'openrpc':
        return t('fromOpenRpc');
      case 'signature':
        return t('fromSignature');
      case 'source':
        return t('fromSource', model.shape.location || '');
      case 'arity':
        return t('fromArity');
      default:
        return t('fromNothing');
    }
  }

  function renderHeader() {
    const header = el('header', 'header');
    const title = el('h1', 'method');
    title.appendChild(el('span', 'glyph', '▶'));
    title.appendChild(el('span', 'method-name', model.method));
    header.appendChild(title);
    const meta = el('dl', 'meta');
    const line = (label, text, className) => {
      meta.appendChild(el('dt', '', label));
      meta.appendChild(el('dd', className || '', text));
    };
    line(t('endpoint'), model.endpoint.name === model.endpoint.url ? model.endpoint.url : model.endpoint.name + ' — ' + model.endpoint.url);
    line(t('protocol'), model.protocolLabel);
    line(t('types'), originText(), 'origin');
    header.appendChild(meta);
    if (model.signatures.length > 1) {
      const select = el('select', 'select');
      select.setAttribute('aria-label', t('signature'));
      model.signatures.forEach((s, i) => {
        const o = el('option', '', s);
        o.value = String(i);
        o.selected = i === variantIndex;
        select.appendChild(o);
      });
      select.addEventListener('change', () => {
        variantIndex = Number(select.value);
        args = params().map((p) => initialValue(p.shape));
        extraKinds = [];
        drafts.clear();
        rerender();
      });
      const wrap = el('div', 'signatures');
      wrap.append(el('span', 'muted', t('signature') + ' '), select);
      header.appendChild(wrap);
    } else if (model.signatures.length === 1) {
      header.appendChild(el('code', 'signature', model.signatures[0]));
    }
    if (model.help) header.appendChild(el('pre', 'help', model.help));
    return header;
  }

  function render() {
    app.textContent = '';
    app.appendChild(renderHeader());
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
    renderResult();
  }

  /** Rebuilds the fields from `args` (after a structural change: a row added, a variant picked, Raw read back). */
  function rerender() {
    const focused = document.activeElement && document.activeElement.getAttribute('aria-label');
    errorSlots = new Map();
    slotInputs = new Map();
    nodes.form.textContent = '';
    const list = params();
    list.forEach((p, i) => {
      if (args.length <= i) return;
      field(nodes.form, p.name, p.shape, args, i, { required: p.required, optional: !p.required, description: p.description });
    });
    const missing = list.slice(args.length);
    for (const p of missing) {
      const add = button('+ ' + p.name, t('addField'), () => {
        while (args.length < list.indexOf(p) + 1) args.push(initialValue(list[args.length].shape));
        rerender();
      }, 'link');
      add.setAttribute('aria-label', p.name + ' ' + t('addField'));
      nodes.form.appendChild(add);
    }
    for (let i = list.length; i < args.length; i++) {
      const kind = extraKinds[i - list.length] || 'any';
      const shape = kind === 'any' ? { kind: 'any' } : { kind };
      if (i === list.length && model.shape.variants[variantIndex] && model.shape.variants[variantIndex].fixed) nodes.form.appendChild(el('div', 'note', t('extraArguments')));
      field(nodes.form, 'arg' + (i + 1), shape, args, i, {
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
      nodes.form.appendChild(line);
    }
    if (focused) {
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
    // The extension keeps the state (it stores the values a moment later, and sends from it without asking the page).
    vscode.postMessage({ type: 'state', text: currentText(), variant: variantIndex, reason, edited: !!model.edited });
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

  function renderResult() {
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
      const fault = el('div', 'fault');
      fault.setAttribute('role', 'alert');
      const code = el('div', 'fault-code');
      code.append(el('span', 'badge error-badge', t('fault')), el('span', 'fault-code-value', view.fault.code === null ? t('noFaultCode') : t('faultCode', String(view.fault.code))));
      fault.append(code, el('pre', 'fault-message', view.fault.message));
      if (view.fault.data !== undefined && view.fault.data !== null) fault.appendChild(valueTree(view.fault.data));
      box.appendChild(fault);
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

  /** Builds the page from the extension's model (in the page's data-model, or posted after 'ready'). */
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
    render();
    document.body.dataset.ready = 'true';
    const first = nodes.form.querySelector('input, select, textarea');
    if (first) first.focus();
    vscode.postMessage({ type: 'interactive' });
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
      renderResult();
      updateSend();
    } else if (message.type === 'result') {
      running = null;
      shownResult = message.view;
      results.unshift(message.view);
      if (results.length > 5) results.pop();
      renderResult();
      renderStrip();
      updateSend();
      vscode.postMessage({ type: 'shown', callId: message.view.callId, status: message.view.status });
    } else if (message.type === 'file' && pendingFile) {
      pendingFile.holder[pendingFile.key] = { $base64: message.base64 };
      drafts.delete(pendingFile.path);
      pendingFile = null;
      rerender();
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
  const embedded = app.dataset.model ? JSON.parse(app.dataset.model) : null;
  if (embedded) init(embedded.model, embedded.bundle);
  else vscode.postMessage({ type: 'ready' });
})();
