// The parts of a server task run, each alone: output lines, readiness, error output, exit classification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { classifyExit } from '../../src/tasks/exitClassifier';
import { OutputLineSplitter } from '../../src/tasks/outputLines';
import { RESTART_QUIET_MS, ReadinessDetector, expectedAddress } from '../../src/tasks/readinessDetector';
import { DEFAULT_READY_PATTERN } from '../../src/tasks/readyLine';
import { ServerErrorOutput } from '../../src/tasks/serverErrorOutput';
import { FakeClock } from '../support/fakeClock';

test('output lines: chunks split anywhere, CRLF, a partial last line at the end, an endless line bounded', () => {
  const lines = new OutputLineSplitter(10);
  assert.deepEqual(lines.push('serv'), []);
  assert.deepEqual(lines.push('er up\r\nsecond\nthi'), ['server up', 'second']);
  assert.deepEqual(lines.end(), ['thi']);
  assert.deepEqual(lines.end(), []);
  assert.deepEqual(lines.push('a\n' + 'x'.repeat(11)), ['a', 'x'.repeat(11)]);
});

test('exit classification: stopped, failed to start (with the problem or the stderr line), crashed, exited', () => {
  const base = { fileName: 's.py', signal: null, stopping: false };
  assert.equal(classifyExit({ ...base, code: null, signal: 'SIGTERM', stopping: true, readiness: 'ready' }).kind, 'stopped');
  const failed = classifyExit({ ...base, code: 1, readiness: 'starting', problem: 'OSError: in use (s.py:3)', errorLine: 'x' });
  assert.equal(failed.failure, 's.py exited (exit code 1) before it was ready: OSError: in use (s.py:3)');
  assert.match(classifyExit({ ...base, code: 1, readiness: 'starting', errorLine: 'boom' }).failure!, /: boom$/);
  assert.ok(classifyExit({ ...base, code: 1, readiness: 'starting', errorLine: 'y'.repeat(1000) }).failure!.length <= 400);
  const crashed = classifyExit({ ...base, code: 1, readiness: 'ready', problem: 'RuntimeError: lost (s.py:9)' });
  assert.deepEqual([crashed.kind, crashed.failure], ['crashed', 's.py stopped unexpectedly (exit code 1): RuntimeError: lost (s.py:9)']);
  const quiet = classifyExit({ ...base, code: 0, readiness: 'ready' });
  assert.deepEqual([quiet.kind, quiet.failure, quiet.taskExitCode], ['exited', undefined, 0]);
  assert.equal(classifyExit({ ...base, code: 3, readiness: 'not-ready' }).failure, undefined);
});

test("error output: a Python SyntaxError (no Traceback header) is a problem at the file's line", () => {
  const errors = new ServerErrorOutput('/w/server.py');
  const lines = ['  File "/w/server.py", line 14', "    return f'Hi {name}!", '           ^', 'SyntaxError: unterminated string literal (detected at line 14)'];
  const problems = lines.map((line) => errors.line(line, true)).filter(Boolean);
  assert.deepEqual(problems, [{ file: '/w/server.py', line: 14, message: 'SyntaxError: unterminated string literal (detected at line 14)' }]);
  assert.equal(errors.problem, 'SyntaxError: unterminated string literal (detected at line 14) (server.py:14)');
});

test('readiness: a ready line whose port accepts connections; a later one is a restart; the deadline otherwise', async () => {
  const listener = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => listener.once('listening', r));
  const port = (listener.address() as AddressInfo).port;
  try {
    const events: string[] = [];
    const clock = new FakeClock(); // moved past the quiet time and the deadline instead of sleeping through them
    const detector = new ReadinessDetector(
      { pattern: DEFAULT_READY_PATTERN, probePort: false, timeoutMs: 10_000, clock },
      { ready: (url, restart) => events.push(`${restart ? 'again' : 'ready'} ${url}`), notReady: () => events.push('late'), readyLineWithoutPort: () => events.push('no port') },
    );
    detector.start();
    detector.line('loading');
    detector.line(`server listening on 127.0.0.1:${port}`);
    await waitFor(() => events.length === 1);
    assert.deepEqual(events, [`ready http://127.0.0.1:${port}`]);
    assert.equal(detector.state, 'ready');
    // After the quiet time a ready line is a restart (within it, the same start announcing another address).
    await clock.advance(RESTART_QUIET_MS + 1);
    detector.line(`server listening on 127.0.0.1:${port}`);
    await waitFor(() => events.length === 2);
    assert.equal(events[1], `again http://127.0.0.1:${port}`);
    detector.dispose();

    const late: string[] = [];
    const silent = new ReadinessDetector({ pattern: DEFAULT_READY_PATTERN, probePort: false, timeoutMs: 10_000, clock }, {
      ready: () => late.push('ready'),
      notReady: () => late.push('late'),
      readyLineWithoutPort: () => late.push('no port'),
    });
    silent.start();
    silent.line('listening on all interfaces');
    await clock.advance(9_999);
    assert.deepEqual(late, ['no port'], 'not before the deadline');
    await clock.advance(1);
    assert.deepEqual(late, ['no port', 'late']);
    assert.equal(silent.state, 'not-ready');
    silent.dispose();

    // A server that prints nothing: the port read from the source opening counts.
    const byPort: string[] = [];
    const probe = new ReadinessDetector(
      { pattern: DEFAULT_READY_PATTERN, probePort: true, expected: { host: '127.0.0.1', port }, timeoutMs: 10_000 },
      { ready: (url) => byPort.push(url), notReady: () => byPort.push('late'), readyLineWithoutPort: () => byPort.push('no port') },
    );
    probe.start();
    await waitFor(() => byPort.length === 1);
    assert.deepEqual(byPort, [`http://127.0.0.1:${port}`]);
    probe.dispose();
  } finally {
    listener.close();
  }
});

test('expected address: the task url, else the source port unless its port env says otherwise (0: unknown)', () => {
  const source = { port: 8889, portEnv: 'PORT', host: '0.0.0.0' } as Parameters<typeof expectedAddress>[1];
  assert.deepEqual(expectedAddress('http://localhost:7000/rpc', source, {}), { host: 'localhost', port: 7000 });
  assert.deepEqual(expectedAddress(undefined, source, {}), { host: '127.0.0.1', port: 8889 });
  assert.deepEqual(expectedAddress(undefined, source, { PORT: '9100' }), { host: '127.0.0.1', port: 9100 });
  assert.equal(expectedAddress(undefined, source, { PORT: '0' }), undefined);
});

async function waitFor(condition: () => boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
