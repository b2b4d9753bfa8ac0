// Records how long the real extension host takes to activate the extension (loading dist/extension.js and running
// activate()), for `npm run bench` (bench/run.mjs reads test-results/activation.json). The figure is only recorded:
// timing budgets belong to the benchmark, never to a test. This file sorts first, so nothing has activated it yet.
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';
import { hostIdle, machineQuiet } from './hostIdle';
import { recordBenchFigure } from '../support/benchFigures';

suite('Activation time (for the benchmark)', () => {
  test('activates in the extension host and records activation_ms', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in this extension host`);
    const settledMs = await hostIdle();
    // The benchmark's runs only: npm test runs other stages beside this one, so its machine is never quiet.
    const quiet = process.env.RPC_EXPLORER_BENCH_ACTIVATION === '1' ? await machineQuiet() : undefined;
    if (quiet) await hostIdle();
    const alreadyActive = ext.isActive;
    // Wall time, and the host's CPU time (user + system) across it: on a loaded machine the wall time also holds
    // the time the host waited for a core, the CPU time only what the host did.
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await ext.activate();
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    assert.equal(ext.isActive, true);

    // Already active means something activated it before this suite could time it: record no figure then.
    const record = {
      activation_ms: alreadyActive ? null : Number(elapsed.toFixed(2)),
      activation_cpu_ms: alreadyActive ? null : Number(((cpu.user + cpu.system) / 1000).toFixed(2)),
      note: alreadyActive ? 'already active when the suite started: not timed' : 'time of extension.activate() in the real host, once idle',
      host_idle_after_ms: Number(settledMs.toFixed(0)),
      machine_quiet: quiet,
      host: `${vscode.env.appName} ${vscode.version}, node ${process.version}`,
      at: new Date().toISOString(),
    };
    console.log(`activation_ms ${record.activation_ms ?? 'not measured (already active)'}`);
    recordBenchFigure('activation', record, ext.extensionPath);
  });
});
