// The typed-JSON value tree of the "RPC Result" panel and the call form: a script both webviews load before their
// own. Builds every element with createElement/textContent: server strings never reach innerHTML.
// Large values render lazily: containers build their children on expand, in pages, and long strings are cut with
// an explicit "show all".
(function () {
  'use strict';
  const PAGE = 200; // children per page of an array/struct
  const STRING_CUT = 2000; // characters of a string shown before "show all"
  const AUTO_EXPAND_DEPTH = 2;
  const AUTO_EXPAND_MAX_CHILDREN = 50;

  /** `helpers`: the page's t (labels), el (element) and button functions. */
  function create(helpers) {
    const { t, el, button } = helpers;

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
      // A fractional number is a double: badged like a whole one ({"$double": 1}), so the badge does not come and go.
      if (typeof value === 'number') return Number.isInteger(value) ? el('span', 'v-number', String(value)) : scalar({ $double: value });
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

    /** A WebSocket call's notifications that came while it ran (`{count, items}`), to show beside its answer. */
    function notificationList(notifications) {
      const section = el('section', 'notifications');
      section.appendChild(el('h2', 'notifications-title', t('notificationsDuring', notifications.count)));
      for (const item of notifications.items) {
        const entry = el('div', 'notification');
        const head = el('div', 'notification-head');
        head.appendChild(el('span', 'notification-method', item.method));
        head.appendChild(el('span', 'notification-time', new Date(item.receivedAt).toLocaleTimeString()));
        entry.appendChild(head);
        if (item.params !== undefined) entry.appendChild(valueTree(item.params));
        section.appendChild(entry);
      }
      return section;
    }

    /** A fault (`{code, message, data}`): its code, its message, and its data as a tree. */
    function faultView(fault) {
      const box = el('div', 'fault');
      box.setAttribute('role', 'alert');
      const code = el('div', 'fault-code');
      code.appendChild(el('span', 'badge error-badge', t('fault')));
      code.appendChild(el('span', 'fault-code-value', fault.code === null ? t('noFaultCode') : t('faultCode', String(fault.code))));
      box.appendChild(code);
      box.appendChild(el('pre', 'fault-message', fault.message));
      if (fault.data !== undefined && fault.data !== null) {
        box.appendChild(el('div', 'fault-data-label', t('faultData')));
        box.appendChild(valueTree(fault.data));
      }
      return box;
    }

    return { valueTree, scalar, notificationList, faultView };
  }

  window.RpcValueTree = { create };
})();
