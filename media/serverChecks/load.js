// The Load Test panel: live throughput and latency-percentile charts (uPlot, loaded from the extension, never from
// the network), then the final histogram and summary. Server strings go in with textContent only.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  const labels = JSON.parse(app.dataset.labels);
  const fill = (text, ...values) => text.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));
  const css = (name, fallback) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  app.append(element('h1', '', labels.title));
  const toolbar = element('div', 'toolbar');
  const stop = element('button', '', labels.stop);
  const save = element('button', 'secondary', labels.saveJson);
  const copy = element('button', 'secondary', labels.copySummary);
  save.disabled = true;
  copy.disabled = true;
  stop.addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
  save.addEventListener('click', () => vscode.postMessage({ type: 'saveJson' }));
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copySummary' }));
  const state = element('span', 'state', labels.running);
  toolbar.append(stop, save, copy, state);
  app.append(toolbar);
  const counts = element('p', 'summary', '');
  app.append(counts);

  const charts = element('div', 'charts');
  const throughputBox = element('div', 'chart');
  throughputBox.append(element('h2', '', labels.throughput));
  const latencyBox = element('div', 'chart');
  latencyBox.append(element('h2', '', labels.latency));
  charts.append(throughputBox, latencyBox);
  app.append(charts);
  const final = element('div', 'final');
  app.append(final);

  const foreground = css('--vscode-foreground', '#ccc');
  const grid = css('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  const colours = [css('--vscode-charts-blue', '#3794ff'), css('--vscode-charts-green', '#89d185'), css('--vscode-charts-orange', '#d18616'), css('--vscode-charts-red', '#f14c4c')];
  const axis = (label) => ({ label, stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } });
  const width = (box) => Math.max(320, box.clientWidth || 480);

  const data = { t: [], throughput: [], p50: [], p90: [], p99: [] };
  const throughputChart = new uPlot(
    { width: width(throughputBox), height: 220, scales: { x: { time: false } }, axes: [axis(labels.seconds), axis('')], series: [{ label: labels.seconds }, { label: labels.throughput, stroke: colours[0], width: 2, fill: colours[0] + '22' }] },
    [data.t, data.throughput],
    throughputBox,
  );
  const latencyChart = new uPlot(
    {
      width: width(latencyBox),
      height: 220,
      scales: { x: { time: false } },
      axes: [axis(labels.seconds), axis('')],
      series: [{ label: labels.seconds }, { label: 'p50', stroke: colours[1], width: 2 }, { label: 'p90', stroke: colours[2], width: 2 }, { label: 'p99', stroke: colours[3], width: 2 }],
    },
    [data.t, data.p50, data.p90, data.p99],
    latencyBox,
  );
  window.addEventListener('resize', () => {
    throughputChart.setSize({ width: width(throughputBox), height: 220 });
    latencyChart.setSize({ width: width(latencyBox), height: 220 });
  });

  function progress(p) {
    data.t.push(Number(p.elapsed.toFixed(2)));
    data.throughput.push(p.throughput);
    data.p50.push(p.p50);
    data.p90.push(p.p90);
    data.p99.push(p.p99);
    throughputChart.setData([data.t, data.throughput]);
    latencyChart.setData([data.t, data.p50, data.p90, data.p99]);
    counts.textContent = fill(labels.progress, p.calls, p.ok, p.faults, p.errors);
  }

  function done(message) {
    stop.disabled = true;
    save.disabled = false;
    copy.disabled = false;
    state.textContent = message.stopped ? labels.stopped : labels.finished;
    final.replaceChildren();
    final.append(element('pre', 'summary-text', message.summary.join('\n')));
    final.append(element('h2', '', labels.histogram));
    const box = element('div', 'chart histogram');
    final.append(box);
    const bars = message.histogram;
    if (bars.length > 0) {
      new uPlot(
        {
          width: width(final),
          height: 200,
          scales: { x: { time: false, distr: 3 } },
          axes: [axis(labels.latency), axis(labels.calls)],
          series: [{ label: labels.latency }, { label: labels.calls, stroke: colours[0], fill: colours[0] + '88', paths: uPlot.paths.bars({ size: [0.9, 40] }) }],
        },
        [bars.map((b) => b.upToMs), bars.map((b) => b.count)],
        box,
      );
    }
    final.append(element('pre', 'distribution', message.distribution.join('\n')));
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message.type === 'progress') progress(message.progress);
    else if (message.type === 'done') done(message);
    else if (message.type === 'error') {
      stop.disabled = true;
      state.textContent = '';
      final.replaceChildren(element('p', 'error', fill(labels.failed, message.message)));
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
