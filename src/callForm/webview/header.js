// The call form's header: the method, the endpoint (name, URL, protocol), where the types came from, the
// signature(s) — a picker when there are several — and the help / docstring.

/** `kit`: the page's t, el and methodHeader. */
export function createHeader(kit) {
  const { t, el } = kit;

  function originText(model) {
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

  /** `onSignature(i)`: the user picked the i-th signature. */
  function renderHeader(model, variantIndex, onSignature) {
    const { header, line } = kit.methodHeader(model.method);
    line(t('endpoint'), model.endpoint.name === model.endpoint.url ? model.endpoint.url : model.endpoint.name + ' — ' + model.endpoint.url);
    line(t('protocol'), model.protocolLabel);
    line(t('types'), originText(model), 'origin');
    if (model.signatures.length > 1) {
      const select = el('select', 'select');
      select.setAttribute('aria-label', t('signature'));
      model.signatures.forEach((s, i) => {
        const o = el('option', '', s);
        o.value = String(i);
        o.selected = i === variantIndex;
        select.appendChild(o);
      });
      select.addEventListener('change', () => onSignature(Number(select.value)));
      const wrap = el('div', 'signatures');
      wrap.append(el('span', 'muted', t('signature') + ' '), select);
      header.appendChild(wrap);
    } else if (model.signatures.length === 1) {
      header.appendChild(el('code', 'signature', model.signatures[0]));
    }
    if (model.help) header.appendChild(el('pre', 'help', model.help));
    return header;
  }

  return { renderHeader };
}
