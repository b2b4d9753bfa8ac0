// The Check Server report: one row per rule (status mark, id, detail, a link to the spec's section). Every server
// string is set with textContent, never as HTML.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  const labels = JSON.parse(app.dataset.labels);
  const fill = (text, ...values) => text.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));
  const MARKS = { pass: '✓', fail: '✗', warn: '!', skip: '–' };

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function header(running) {
    app.replaceChildren();
    app.append(element('h1', '', labels.title));
    const toolbar = element('div', 'toolbar');
    const again = element('button', '', labels.runAgain);
    again.disabled = running;
    again.addEventListener('click', () => vscode.postMessage({ type: 'runAgain' }));
    const copy = element('button', 'secondary', labels.copyMarkdown);
    copy.disabled = running;
    copy.addEventListener('click', () => vscode.postMessage({ type: 'copyMarkdown' }));
    toolbar.append(again, copy);
    app.append(toolbar);
  }

  function report(message) {
    header(false);
    const count = (status) => message.rules.filter((rule) => rule.status === status).length;
    app.append(element('p', 'summary', fill(labels.summary, message.protocol, count('pass'), count('fail'), count('warn'), count('skip'))));
    const table = element('table');
    const head = element('tr');
    for (const name of [labels.status, labels.rule, labels.detail, labels.spec]) head.append(element('th', '', name));
    const thead = element('thead');
    thead.append(head);
    table.append(thead);
    const body = element('tbody');
    for (const rule of message.rules) {
      const row = element('tr', 'rule status-' + rule.status);
      row.dataset.id = rule.id;
      const status = element('td', 'status');
      status.append(element('span', 'mark', MARKS[rule.status] + ' '), document.createTextNode(labels[rule.status]));
      row.append(status, element('td', 'id', rule.id), element('td', 'detail', rule.detail));
      const spec = element('td', 'spec');
      const link = element('a', '', labels.specLink);
      link.href = '#';
      link.title = rule.spec;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        vscode.postMessage({ type: 'openSpec', url: rule.spec });
      });
      spec.append(link);
      row.append(spec);
      body.append(row);
    }
    table.append(body);
    app.append(table);
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message.type === 'running') {
      header(true);
      app.append(element('p', 'state', labels.running));
    } else if (message.type === 'report') report(message);
    else if (message.type === 'error') {
      header(false);
      app.append(element('p', 'error', fill(labels.failed, message.message)));
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
