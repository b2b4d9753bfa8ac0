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

  // Colours come from the theme: the charts are drawn again when it changes (the body's class says which).
  let theme;
  const readTheme = () => ({
    foreground: css('--vscode-foreground', '#888'),
    grid: css('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)'),
    colours: [css('--vscode-charts-blue', '#3794ff'), css('--vscode-charts-green', '#89d185'), css('--vscode-charts-orange', '#d18616'), css('--vscode-charts-red', '#f14c4c')],
  });
  const axis = (label) => ({ label, stroke: theme.foreground, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } });
  const width = (box) => Math.max(320, box.clientWidth || 480);

  /** Progress by its time: the replay after a reload and the live messages may overlap. */
  const points = new Map();
  let throughputChart;
  let latencyChart;
  let histogramChart;
  let lastDone;

  function series() {
    const sorted = [...points.values()].sort((a, b) => a.elapsed - b.elapsed);
    return {
      t: sorted.map((p) => Number(p.elapsed.toFixed(2))),
      throughput: sorted.map((p) => p.throughput),
      p50: sorted.map((p) => p.p50),
      p90: sorted.map((p) => p.p90),
      p99: sorted.map((p) => p.p99),
    };
  }

  function drawCharts() {
    theme = readTheme();
    const data = series();
    throughputChart?.destroy();
    latencyChart?.destroy();
    const [blue, green, orange, red] = theme.colours;
    throughputChart = new uPlot(
      { width: width(throughputBox), height: 220, scales: { x: { time: false } }, axes: [axis(labels.seconds), axis('')], series: [{ label: labels.seconds }, { label: labels.throughput, stroke: blue, width: 2, fill: blue + '22' }] },
      [data.t, data.throughput],
      throughputBox,
    );
    latencyChart = new uPlot(
      {
        width: width(latencyBox),
        height: 220,
        scales: { x: { time: false } },
        axes: [axis(labels.seconds), axis('')],
        series: [{ label: labels.seconds }, { label: 'p50', stroke: green, width: 2 }, { label: 'p90', stroke: orange, width: 2 }, { label: 'p99', stroke: red, width: 2 }],
      },
      [data.t, data.p50, data.p90, data.p99],
      latencyBox,
    );
    if (lastDone) drawHistogram(lastDone);
  }
  drawCharts();
  new MutationObserver(drawCharts).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  window.addEventListener('resize', () => {
    throughputChart.setSize({ width: width(throughputBox), height: 220 });
    latencyChart.setSize({ width: width(latencyBox), height: 220 });
  });

  function progress(p) {
    points.set(p.elapsed, p);
    const data = series();
    throughputChart.setData([data.t, data.throughput]);
    latencyChart.setData([data.t, data.p50, data.p90, data.p99]);
    const last = points.get(Math.max(...points.keys()));
    counts.textContent = fill(labels.progress, last.calls, last.ok, last.faults, last.errors);
  }

  function drawHistogram(message) {
    const box = final.querySelector('.histogram');
    if (!box) return;
    histogramChart?.destroy();
    box.replaceChildren();
    const bars = message.histogram;
    if (bars.length === 0) return;
    const blue = theme.colours[0];
    histogramChart = new uPlot(
      {
        width: width(final),
        height: 200,
        scales: { x: { time: false, distr: 3 } },
        axes: [axis(labels.latency), axis(labels.calls)],
        series: [{ label: labels.latency }, { label: labels.calls, stroke: blue, fill: blue + '88', paths: uPlot.paths.bars({ size: [0.9, 40] }), points: { show: false } }],
      },
      [bars.map((b) => b.upToMs), bars.map((b) => b.count)],
      box,
    );
  }

  function done(message) {
    lastDone = message;
    stop.disabled = true;
    save.disabled = false;
    copy.disabled = false;
    state.textContent = message.stopped ? labels.stopped : labels.finished;
    for (const p of message.timeline) points.set(p.elapsed, p);
    if (message.timeline.length > 0) progress(message.timeline[message.timeline.length - 1]);
    final.replaceChildren();
    final.append(element('pre', 'summary-text', message.summary.join('\n')));
    final.append(element('h2', '', labels.histogram));
    final.append(element('div', 'chart histogram'));
    drawHistogram(message);
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
