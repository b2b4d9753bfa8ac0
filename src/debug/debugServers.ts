import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import { sameEndpointUrl } from '../endpoints/endpointUrl';
import { sourceLanguageOf, sourceMethods, type ServerSourceModel } from '../sourceModel';
import { checkStart } from '../servers/startChecks';
import { isPortOpen, portReleased } from '../tasks/portProbe';
import { ReadinessDetector, expectedAddress } from '../tasks/readinessDetector';
import { readyPatternFrom } from '../tasks/readyLine';
import { OutputLineSplitter } from '../tasks/outputLines';
import { SERVER_TASK_TYPE, type ServerTaskOptions } from '../tasks/serverTaskDefinition';
import { launchConfiguration, shownPath, SERVER_ID_KEY } from './debugConfiguration';
import { debugLaunchPlan } from './debugLaunchPlan';
import * as settings from '../settings';
import { sameFile } from '../sourceModel/filePaths';
import { Disposable } from '../common/lifecycle';
import { createServerLifecycle, delay, settlesWithin, type ServerLifecycle, type StartServerResult } from '../servers';
import { killLater } from './debuggeeProcess';

/** Starting a debugger (its adapter, then the debuggee under it) comes on top of the server's own start-up time. */
const DEBUGGER_START_MS = 30_000;
/** How long a stopped session's debuggee may take to exit before it is killed. */
const STOP_GRACE_MS = 5000;
/** DAP output categories that carry the program's own output (not telemetry or the debugger's notes). */
const PROGRAM_OUTPUT = new Set(['stdout', 'stderr', 'console']);

type DebugServerState = 'starting' | 'ready' | 'ended';

interface DebugServer {
  readonly id: string;
  readonly file: string;
  readonly options: ServerTaskOptions;
  readonly startedAt: number;
  state: DebugServerState;
  /** The root debug session (js-debug runs the program in a child session of it). */
  session?: vscode.DebugSession;
  /** Every session of this server still running: the root and its children. */
  readonly sessions: Set<vscode.DebugSession>;
  url?: string;
  /** The debuggee's process id, when the debugger reports it (debugpy's `process` event). */
  pid?: number;
  scan?: ServerSourceModel;
  readiness?: ReadinessDetector;
  readonly lines: Map<string, OutputLineSplitter>;
  stopRequested: boolean;
  /** Whether its start has resolved (a later settle of the file would be a newer start's). */
  settled: boolean;
  readonly ended: Promise<void>;
  markEnded(): void;
}

/** What Debug Server needs from the rest of the extension. */
export interface DebugServerDeps {
  registry: EndpointRegistry;
  reveal: RevealEndpoint;
  /** Stops the file's `rpc-server` task, if one runs (the debugged server takes its port). */
  stopTask(file: string): Promise<boolean>;
}

/**
 * Debug Server: runs a server file under VS Code's debugger (Node's JavaScript debugger, or debugpy for Python),
 * reads its ready line from the debugger's output events with the same readiness detector as the task, adds the
 * endpoint like Start Server, and marks it stopped when the session ends. Calls to a debugged endpoint run without a
 * timeout (see RequestOptions): a breakpoint may hold them for as long as the user looks.
 */
/** How many times an ended server's lingering debug sessions are told to stop, a second apart. */
const LINGER_TRIES = 10;

export class DebugServers extends Disposable {
  private readonly servers = new Set<DebugServer>();
  /** Sessions of servers already marked ended that the debugger has not closed yet. */
  private readonly lingering = new Set<vscode.DebugSession>();
  private readonly lifecycle: ServerLifecycle;

  constructor(private readonly deps: DebugServerDeps) {
    super();
    this.lifecycle = this._register(createServerLifecycle(deps.registry, deps.reveal));
    this._registerAll(
      vscode.debug.registerDebugAdapterTrackerFactory('*', { createDebugAdapterTracker: (session) => this.trackerFor(session) }),
      // Sessions are known from their start too, not only from their adapter's tracker (which a debugger may create
      // late, or not for its launcher session): Stop always has the root session to end.
      vscode.debug.onDidStartDebugSession((session) => {
        const server = this.serverOfSession(session);
        if (!server) return;
        if (!session.parentSession) server.session ??= session;
        server.sessions.add(session);
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        const server = this.serverOfSession(session);
        for (const s of this.servers) s.sessions.delete(session);
        this.lingering.delete(session);
        if (server && !session.parentSession) this.ended(server);
      }),
      deps.registry.onDidRemove((config) => {
        for (const server of this.servers) if (server.url && sameEndpointUrl(server.url, config.url)) void this.stopServer(server);
      }),
    );
  }

  /** Whether the endpoint's server runs under the debugger now (its calls get no timeout). */
  isDebugged(url: string): boolean {
    return [...this.servers].some((s) => s.state === 'ready' && s.url !== undefined && sameEndpointUrl(s.url, url));
  }

  list(): { file: string; url?: string; pid?: number }[] {
    return [...this.servers].map((s) => ({ file: s.file, url: s.url, pid: s.pid }));
  }

  /** Debug Server on a file: resolves once its endpoint is in the tree (or with why it is not). */
  async start(file: string, options: ServerTaskOptions = {}): Promise<StartServerResult> {
    const checked = await checkStart(file, (absolute) => !!sourceLanguageOf(absolute), {
      untrusted: vscode.l10n.t('RPC Explorer: debugging a server runs code from this workspace, so it needs a trusted workspace.'),
      unsupported: (name) =>
        vscode.l10n.t('RPC Explorer: cannot debug {0}: Debug Server runs Python (.py), JavaScript (.js, .mjs, .cjs) and TypeScript (.ts) files.', name),
    });
    if ('refused' in checked) return checked.refused;
    const absolute = checked.file;
    const language = sourceLanguageOf(absolute)!;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Debugging {0}', path.basename(absolute)) }, () =>
      this.launch(absolute, language, options),
    );
  }

  /** The file given (editor title, code lens) or the active editor's; undefined when there is none to debug. */
  async startInteractive(uri = vscode.window.activeTextEditor?.document.uri, options: ServerTaskOptions = {}): Promise<StartServerResult | undefined> {
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: open the server file (Python, JavaScript or TypeScript) to debug it.'));
      return undefined;
    }
    if (uri.scheme !== 'file') {
      void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: save {0} to a file first, then debug it as a server.', path.basename(uri.path)));
      return undefined;
    }
    return this.start(uri.fsPath, options);
  }

  /** Stops the debugged server of an endpoint URL or a file; false when none matches (it may be a task's). */
  async stop(target?: { url?: string; file?: string }): Promise<boolean> {
    if (!target?.url && !target?.file) {
      // No target (the palette): the one debugged server, when no server task runs beside it (Stop Server asks then).
      const tasks = vscode.tasks.taskExecutions.some((e) => e.task.definition.type === SERVER_TASK_TYPE);
      const only = this.servers.size === 1 && !tasks ? [...this.servers][0] : undefined;
      if (only) await this.stopServer(only);
      return only !== undefined;
    }
    const matching = [...this.servers].filter(
      (s) => (target.url ? s.url !== undefined && sameEndpointUrl(s.url, target.url) : true) && (target.file ? sameFile(s.file, target.file) : true),
    );
    await Promise.all(matching.map((s) => this.stopServer(s)));
    return matching.length > 0;
  }

  private async launch(file: string, language: string, options: ServerTaskOptions): Promise<StartServerResult> {
    // One server per file: debugging it again restarts it, and a running task of it gives up the port.
    // Stopping waits until the old server's port is free: the probe then tells that the new one opened it.
    const previous = [...this.servers].filter((s) => sameFile(s.file, file));
    await Promise.all(previous.map((s) => this.stopServer(s)));
    await this.deps.stopTask(file);

    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    const name = vscode.l10n.t('Debug RPC server: {0}', shownPath(file, folder?.uri.fsPath));
    const plan = await debugLaunchPlan(file, language, options, folder);
    if ('error' in plan) return this.failBeforeStart(file, plan.error);
    const { scan, kind, program, env, cwd } = plan;
    const expected = expectedAddress(options.url, scan, { ...process.env, ...env });
    const portTaken = expected ? await isPortOpen(expected.host, expected.port, 500) : false;
    let pattern: RegExp;
    try {
      pattern = readyPatternFrom(options.readyPattern);
    } catch (error) {
      return this.failBeforeStart(file, (error as Error).message);
    }
    const readyTimeoutMs = settings.readyTimeoutSeconds(file) * 1000 + DEBUGGER_START_MS;

    let markEnded!: () => void;
    const ended = new Promise<void>((resolve) => (markEnded = resolve));
    const result = this.lifecycle.begin(file, readyTimeoutMs, (base) => vscode.l10n.t('{0} did not start under the debugger', base));
    const server: DebugServer = {
      id: randomUUID(),
      file,
      options,
      startedAt: this.lifecycle.host.clock.now(),
      state: 'starting',
      scan,
      lines: new Map(),
      sessions: new Set(),
      stopRequested: false,
      settled: false,
      ended,
      markEnded: () => markEnded(),
    };
    server.readiness = new ReadinessDetector(
      { pattern, taskUrl: options.url, expected, sourceHost: scan?.host, probePort: !!expected && !portTaken && !options.readyPattern, timeoutMs: readyTimeoutMs },
      {
        ready: (url) => void this.ready(server, url),
        notReady: () => this.notReady(server, Math.round(readyTimeoutMs / 1000)),
        readyLineWithoutPort: () => undefined,
      },
    );
    this.servers.add(server);

    const configuration = launchConfiguration({
      kind,
      id: server.id,
      name,
      file,
      cwd,
      args: (options.args ?? []).map(String),
      env,
      runtime: program,
    });
    server.readiness.start();
    let failure: string | undefined;
    try {
      if (!(await vscode.debug.startDebugging(folder, configuration))) {
        failure = vscode.l10n.t('RPC Explorer: the debugger did not start {0} (see the Debug Console).', path.basename(file));
      }
    } catch (error) {
      failure = vscode.l10n.t('RPC Explorer: cannot debug {0}: {1}', path.basename(file), (error as Error).message);
    }
    if (failure !== undefined) {
      this.servers.delete(server);
      server.readiness.dispose();
      const failed = this.failBeforeStart(file, failure);
      this.settle(server, failed);
      return failed;
    }
    return result;
  }

  /** A tracker on every session: the ones Debug Server started (or their children) report output and the debuggee's pid. */
  private trackerFor(session: vscode.DebugSession): vscode.DebugAdapterTracker | undefined {
    const server = this.serverOfSession(session);
    if (!server) return undefined;
    if (!session.parentSession) server.session = session;
    server.sessions.add(session);
    return {
      onDidSendMessage: (message: { type?: string; event?: string; body?: Record<string, unknown> }) => {
        if (message.type !== 'event') return;
        if (message.event === 'process' && typeof message.body?.systemProcessId === 'number') server.pid = message.body.systemProcessId;
        if (message.event === 'output' && typeof message.body?.output === 'string') {
          const category = typeof message.body.category === 'string' ? message.body.category : 'console';
          if (!PROGRAM_OUTPUT.has(category)) return;
          let splitter = server.lines.get(category);
          if (!splitter) server.lines.set(category, (splitter = new OutputLineSplitter()));
          for (const line of splitter.push(message.body.output)) server.readiness?.line(line);
        }
      },
    };
  }

  /** The server a session (or its root, for a child session) was started for. */
  private serverOfSession(session: vscode.DebugSession): DebugServer | undefined {
    let root: vscode.DebugSession | undefined = session;
    while (root) {
      const id = root.configuration[SERVER_ID_KEY];
      if (typeof id === 'string') return [...this.servers].find((s) => s.id === id);
      root = root.parentSession;
    }
    return undefined;
  }

  private async ready(server: DebugServer, url: string): Promise<void> {
    if (server.state !== 'starting') return;
    server.state = 'ready';
    server.url = url;
    const methods = server.scan?.functions.length ? sourceMethods(server.scan) : undefined;
    server.settled = true; // publish resolves the start
    await this.lifecycle.publish({
      file: server.file,
      url,
      protocol: server.options.protocol ?? server.scan?.protocol ?? 'auto',
      running: true,
      sourceMethods: methods,
      pid: server.pid,
    });
  }

  private notReady(server: DebugServer, seconds: number): void {
    if (server.state !== 'starting' || server.stopRequested) return;
    const message = vscode.l10n.t(
      '{0} was not ready under the debugger after {1} s (no ready line and no open port); it keeps running. Set "url" or "readyPattern" in the task, or raise rpcExplorer.server.readyTimeoutSeconds.',
      path.basename(server.file),
      seconds,
    );
    void vscode.window.showWarningMessage(message);
    this.settle(server, { file: server.file, error: message, pid: server.pid });
  }

  private ended(server: DebugServer): void {
    if (server.state === 'ended') return;
    const wasReady = server.state === 'ready';
    server.state = 'ended';
    server.readiness?.dispose();
    for (const splitter of server.lines.values()) splitter.end();
    this.servers.delete(server);
    if (server.url && this.deps.registry.get(server.url)) this.deps.registry.setLocalRunning(server.url, false);
    if (!wasReady && !server.stopRequested) {
      const message = vscode.l10n.t('{0} stopped before it was ready (see the Debug Console).', path.basename(server.file));
      void vscode.window.showErrorMessage(message);
      this.settle(server, { file: server.file, error: message, pid: server.pid });
    } else {
      this.settle(server, { file: server.file, error: vscode.l10n.t('{0} stopped before it was ready', path.basename(server.file)), pid: server.pid });
    }
    // Whatever the adapter did on disconnect, the server's process does not outlive its session.
    if (server.pid !== undefined) void killLater(server.pid, STOP_GRACE_MS, this.lifecycle.host.clock);
    server.markEnded();
    // A child session the debugger keeps after its root ended (js-debug's process session) is ended too.
    if (server.sessions.size) void this.stopLingering([...server.sessions]);
  }

  /**
   * Sessions of an ended server the debugger has not closed: told to stop again, as pressing Stop again does, once
   * a second until they end (at most LINGER_TRIES times) — a session never outlives its server for long.
   */
  private async stopLingering(sessions: vscode.DebugSession[]): Promise<void> {
    for (const session of sessions) this.lingering.add(session);
    for (let attempt = 0; attempt < LINGER_TRIES; attempt++) {
      await delay(this.lifecycle.host.clock, attempt === 0 ? STOP_GRACE_MS + 500 : 1_000);
      const left = sessions.filter((session) => this.lingering.has(session));
      if (left.length === 0) return;
      for (const session of left) {
        // The toolbar's Stop on the session it shows (a debugger can leave stopDebugging unanswered once its program
        // has gone: js-debug's launch session, sometimes); stopDebugging for the others.
        if (vscode.debug.activeDebugSession?.id === session.id) void vscode.commands.executeCommand('workbench.action.debug.stop');
        else void vscode.debug.stopDebugging(session);
      }
    }
    for (const session of sessions) this.lingering.delete(session);
  }

  /** Ends the debug session (the debugger stops its program); resolves when it has ended and the port is free. */
  private async stopServer(server: DebugServer): Promise<void> {
    await this.endSession(server);
    await portReleased(server.url);
  }

  private async endSession(server: DebugServer): Promise<void> {
    server.stopRequested = true;
    server.readiness?.dispose();
    if (server.session) {
      await vscode.debug.stopDebugging(server.session);
      if (!(await settlesWithin(this.lifecycle.host.clock, server.ended, STOP_GRACE_MS))) {
        // As the Stop button pressed a second time: the debugger disconnects, whatever its program still does.
        await Promise.all([...server.sessions].map((session) => vscode.debug.stopDebugging(session)));
      }
    } else {
      // Not started yet: the session that is coming ends as soon as it is seen.
      const listener = vscode.debug.onDidStartDebugSession((session) => {
        if (this.serverOfSession(session) === server) void vscode.debug.stopDebugging(session);
      });
      void server.ended.then(() => listener.dispose());
    }
    await settlesWithin(this.lifecycle.host.clock, server.ended, STOP_GRACE_MS);
    if (server.state === 'ended') return;
    // The process is killed now; a debugger that still shows the session is told again until it has gone.
    this.ended(server);
  }

  /** Resolves the server's start, once. */
  private settle(server: DebugServer, result: StartServerResult): void {
    if (server.settled) return;
    server.settled = true;
    this.lifecycle.settle(server.file, result);
  }

  private failBeforeStart(file: string, message: string): StartServerResult {
    void vscode.window.showErrorMessage(message);
    return { file, error: message };
  }

  override dispose(): void {
    for (const server of this.servers) if (server.session) void vscode.debug.stopDebugging(server.session);
    super.dispose();
  }
}

