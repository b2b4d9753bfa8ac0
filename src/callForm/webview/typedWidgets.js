// The call form's dateTime and binary widgets: a date as text in the protocol's lexical form (XML-RPC
// 20260101T12:00:00, JSON and hprose ISO 8601) with a picker; bytes as base64 or hex text, or a file's bytes (read by
// the extension).
import { taggedOf } from '../../core/values';
import { base64ToHex, checkValue, hexToBase64 } from '../../core/methodShape/formValues';

/** `page`: as createFields's; `inputs`: the text fields of createFields these build on. */
export function createTypedWidgets(page, inputs) {
  const { t, el, button, drafts, changed, rerender } = page;
  const { parsedInput, textInput } = inputs;
  /** The binary field waiting for the file the extension reads ("From File…"). */
  let pendingFile = null;

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
      const lexical = page.protocol() === 'xmlrpc' && !plain ? local.replace(/-/g, '') : local;
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
      page.pickFile();
    }, 'button secondary small');
    fromFile.setAttribute('aria-label', path + ' ' + t('fromFile'));
    container.append(input, select, fromFile);
  }

  /** The bytes of the file picked for the pending binary field. */
  function receiveFile(base64) {
    if (!pendingFile) return;
    pendingFile.holder[pendingFile.key] = { $base64: base64 };
    drafts.delete(pendingFile.path);
    pendingFile = null;
    rerender();
  }

  return { datetimeWidget, binaryWidget, receiveFile };
}
