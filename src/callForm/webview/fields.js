// The call form's fields: one per parameter, its widget from the parameter's shape — text (multi-line on demand),
// integers exact beyond 2^53 and doubles as typed text, a checkbox, a nil toggle, an enum's select, a oneOf's variant
// picker, array rows (add / remove / reorder), a struct's fields and free key/value entries — and typed JSON for a
// value the shape cannot show. Each field's <label> starts with its path (`guest.name`, `items[0]`).
import { parseTypedJson } from '../../core/values';
import { fitsShape, initialValue, numberText, readDoubleText, readIntegerText, readNumberText, typedJsonText, variantOf } from '../../core/methodShape/formValues';
import { createTypedWidgets } from './typedWidgets.js';

/**
 * `page`: the kit (t, el, button), the protocol, the drafts (field texts that are not a value yet, by path), the
 * error slots by path and the input each describes (both cleared when the fields are rebuilt), and the page's
 * changed() and rerender().
 */
export function createFields(page) {
  const { t, el, button, drafts, errorSlots, slotInputs, changed, rerender } = page;
  let fieldCounter = 0;

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
    const nilAllowed = shape.nullable || (opts.optional && page.protocol() !== 'hprose-no-nil');
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

  const { datetimeWidget, binaryWidget, receiveFile } = createTypedWidgets(page, { parsedInput, textInput });

  return { field, receiveFile };
}
