// The DOM helpers of the RPC Result panel and the call form: a script both webviews load before their own.
// Builds every element with createElement/textContent: server strings never reach innerHTML.
(function () {
  'use strict';

  /** `app`: the page's #app, whose data-labels holds its words in VS Code's display language. */
  function create(app) {
    const LABELS = JSON.parse(app.dataset.labels || '{}');

    /** A label with its {0}, {1}… filled in. */
    function t(key, ...args) {
      const text = typeof LABELS[key] === 'string' ? LABELS[key] : key;
      return text.replace(/\{(\d+)\}/g, (match, index) => (args[index] === undefined ? match : String(args[index])));
    }

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

    /** A page's header: ▶ the method, then its rows (`line(label, text, className)`) in a definition list. */
    function methodHeader(method) {
      const header = el('header', 'header');
      const title = el('h1', 'method');
      title.appendChild(el('span', 'glyph', '\u25B6'));
      title.appendChild(el('span', 'method-name', method));
      header.appendChild(title);
      const meta = el('dl', 'meta');
      header.appendChild(meta);
      const line = (label, text, className) => {
        meta.appendChild(el('dt', '', label));
        meta.appendChild(el('dd', className || '', text));
      };
      return { header, meta, line };
    }

    return { t, el, button, formatMs, methodHeader };
  }

  window.RpcWebviewKit = { create };
})();
