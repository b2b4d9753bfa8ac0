/**
 * `rpc-explorer run FILE...`: runs request files. Every file is read and checked first; each problem is one line on
 * stderr (`file.rpc:12:5: unknown variable "bse"`) and a file with an error sends nothing. Then one line per call on
 * stdout (or one JSON object per call with --json). Exit 0 when every call answered and every EXPECT held, 1 when
 * an expectation failed or a fault came unexpected, 2 for a file error or a call that got no answer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { RpcError } from '../core/errors';
import type { TypedValue } from '../core/types';
import {
  callLabel,
  callMatches,
  checkRequestFile,
  hasErrors,
  junitReport,
  nearestSettingsFile,
  parseRequestFile,
  runCheckedFile,
  selectEnvironment,
  valueOfText,
  type CallOutcome,
  type Diagnostic,
  type Environments,
  type JunitSuite,
  type RequestCall,
  type RequestFileResolver,
} from '../requestFiles';
import { environmentsFromJsonc } from '../requestFiles/settingsFile';

export interface RunSettings {
  files: string[];
  /** --env NAME */
  env?: string;
  /** --env-file FILE */
  envFile?: string;
  /** --var name=value, in order (a later one wins). */
  vars: [string, string][];
  filter?: string;
  bail: boolean;
  junit?: string;
}

export interface RunIo {
  json: boolean;
  timeoutMs?: number;
  out(line: string): void;
  err(line: string): void;
}

interface PreparedFile {
  name: string;
  diagnostics: Diagnostic[];
  resolver?: RequestFileResolver;
  fileError?: string;
}

const MARKS: Record<CallOutcome['status'], string> = { ok: '✓', fail: '✗', fault: '✗', error: '!', skipped: '-' };

export async function runCommand(settings: RunSettings, io: RunIo): Promise<number> {
  const overrides: Record<string, TypedValue> = {};
  for (const [name, text] of settings.vars) {
    const read = valueOfText(text);
    if (!read.ok) throw new RpcError('usage', `--var ${name}: ${read.error}`);
    overrides[name] = read.value;
  }
  let envFileEnvironments: Environments | undefined;
  if (settings.envFile !== undefined) {
    const text = readText(settings.envFile);
    if (text === undefined) throw new RpcError('usage', l10n.t('--env-file {0}: cannot read it', settings.envFile));
    const read = environmentsFromJsonc(text, settings.envFile);
    if (!read.ok) throw new RpcError('usage', `--env-file ${read.error}`);
    envFileEnvironments = read.environments;
  }

  const prepared: PreparedFile[] = [];
  for (const name of settings.files) {
    const file = await prepare(name, settings, overrides, envFileEnvironments);
    prepared.push(file);
    if (file.fileError) io.err(file.fileError);
    for (const d of file.diagnostics) io.err(`${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity === 'warning' ? l10n.t('warning: {0}', d.message) : d.message}`);
  }
  const broken = prepared.filter((f) => f.fileError || hasErrors(f.diagnostics));

  const select = settings.filter !== undefined ? (call: RequestCall) => callMatches(call, settings.filter!) : undefined;
  const suites: JunitSuite[] = [];
  const outcomes: CallOutcome[] = [];
  let notRun = 0;
  let selected = 0;
  const started = performance.now();
  for (const file of prepared) {
    const runnable = file.resolver && !file.fileError && !hasErrors(file.diagnostics) && !(settings.bail && broken.length > 0);
    if (!runnable) {
      suites.push({ name: file.name, fileError: file.fileError, report: { diagnostics: file.diagnostics, outcomes: [], notRun: [], durationMs: 0 } });
      continue;
    }
    if (settings.bail && outcomes.some((o) => o.status !== 'ok')) {
      suites.push({ name: file.name, report: { diagnostics: file.diagnostics, outcomes: [], notRun: file.resolver!.file.calls.filter((c) => !select || select(c)), durationMs: 0 } });
      continue;
    }
    selected += file.resolver!.file.calls.filter((c) => !select || select(c)).length;
    if (prepared.length > 1 && !io.json && (!select || file.resolver!.file.calls.some(select))) io.out(file.name);
    const report = await runCheckedFile(file.resolver!, file.diagnostics, {
      timeoutMs: io.timeoutMs,
      select,
      bail: settings.bail,
      onOutcome: (outcome) => io.out(io.json ? JSON.stringify(jsonLine(file.name, outcome)) : textLine(outcome)),
    });
    outcomes.push(...report.outcomes);
    notRun += report.notRun.length;
    if (io.json) for (const call of report.notRun) io.out(JSON.stringify({ file: file.name, line: call.range.start.line + 1, title: callLabel(call), status: 'skipped', message: 'not run (--bail)' }));
    suites.push({ name: file.name, report });
  }
  const elapsed = performance.now() - started;

  if (settings.junit !== undefined) {
    try {
      fs.writeFileSync(settings.junit, junitReport(suites));
    } catch (error) {
      io.err(`rpc-explorer: ${l10n.t('--junit {0}: cannot write it ({1})', settings.junit, (error as NodeJS.ErrnoException).code ?? (error as Error).message)}`);
      return 2;
    }
  }
  if (select && selected === 0 && broken.length === 0) {
    io.err(`rpc-explorer: ${l10n.t('no call matches --filter {0}', JSON.stringify(settings.filter))}`);
    return 2;
  }
  if (!io.json) io.out(summary(outcomes, notRun, broken.length, elapsed));
  if (broken.length > 0 || outcomes.some((o) => o.status === 'error')) return 2;
  if (outcomes.some((o) => o.status === 'fail' || o.status === 'fault')) return 1;
  return 0;
}

async function prepare(name: string, settings: RunSettings, overrides: Record<string, TypedValue>, envFileEnvironments: Environments | undefined): Promise<PreparedFile> {
  const text = readText(name);
  if (text === undefined) return { name, diagnostics: [], fileError: l10n.t('{0}: cannot read it ({1})', name, readError(name)) };
  const file = parseRequestFile(text);
  let environment: Record<string, TypedValue> | undefined;
  if (settings.env !== undefined) {
    let environments = envFileEnvironments;
    let where = settings.envFile ?? '';
    if (!environments) {
      const settingsFile = nearestSettingsFile(path.dirname(path.resolve(name)));
      if (!settingsFile) return { name, diagnostics: [], fileError: l10n.t('{0}: --env {1}: no .vscode/settings.json above this file (or give --env-file)', name, settings.env) };
      where = path.relative(process.cwd(), settingsFile) || settingsFile;
      const read = environmentsFromJsonc(readText(settingsFile) ?? '', where);
      if (!read.ok) return { name, diagnostics: [], fileError: `${name}: --env ${settings.env}: ${read.error}` };
      environments = read.environments;
    }
    const chosen = selectEnvironment(environments, settings.env, where);
    if (!chosen.ok) return { name, diagnostics: [], fileError: `${name}: --env ${settings.env}: ${chosen.error}` };
    environment = chosen.variables;
  }
  const { diagnostics, resolver } = await checkRequestFile(file, {
    environment,
    overrides,
    env: (variable) => process.env[variable],
    secret: (variable) => process.env[variable] || undefined,
    secretHint: (variable) => l10n.t('the CLI reads it from the environment variable {0}', variable),
  });
  return { name, diagnostics, resolver };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readError(file: string): string {
  try {
    fs.readFileSync(file);
    return l10n.t('unknown error');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? l10n.t('no such file') : code === 'EISDIR' ? l10n.t('a directory') : (code ?? (error as Error).message);
  }
}

function textLine(outcome: CallOutcome): string {
  const mark = MARKS[outcome.status];
  if (outcome.status === 'ok') return `${mark} ${outcome.label}  (${Math.round(outcome.durationMs)} ms)`;
  const message = (outcome.message ?? '').replace(/[\r\n]+/g, ' ');
  return `${mark} ${outcome.label}: ${outcome.status === 'skipped' ? l10n.t('skipped: {0}', message) : message}`;
}

function jsonLine(file: string, outcome: CallOutcome): Record<string, unknown> {
  const line: Record<string, unknown> = {
    file,
    line: outcome.call.range.start.line + 1,
    title: outcome.label,
    status: outcome.status,
    ms: Math.round(outcome.durationMs * 10) / 10,
  };
  if (outcome.call.name) line.name = outcome.call.name.text;
  if (outcome.protocol) line.protocol = outcome.protocol;
  if (outcome.url) line.url = outcome.url;
  if (outcome.method) line.method = outcome.method;
  if (outcome.result !== undefined) line.result = outcome.result;
  if (outcome.fault) line.fault = outcome.fault;
  if (outcome.status === 'error') line.error = { kind: outcome.errorKind, message: outcome.message };
  else if (outcome.message) line.message = outcome.message;
  return line;
}

function summary(outcomes: readonly CallOutcome[], notRun: number, brokenFiles: number, elapsedMs: number): string {
  const count = (status: CallOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  const parts: [number, (n: number) => string][] = [
    [count('ok'), (n) => l10n.t('{0} ok', n)],
    [count('fail'), (n) => l10n.t('{0} failed', n)],
    [count('fault'), (n) => (n === 1 ? l10n.t('{0} fault', n) : l10n.t('{0} faults', n))],
    [count('error'), (n) => (n === 1 ? l10n.t('{0} error', n) : l10n.t('{0} errors', n))],
    [count('skipped'), (n) => l10n.t('{0} skipped', n)],
    [notRun, (n) => l10n.t('{0} not run', n)],
    [brokenFiles, (n) => (n === 1 ? l10n.t('{0} file with errors', n) : l10n.t('{0} files with errors', n))],
  ];
  const shown = parts.filter(([n]) => n > 0).map(([n, phrase]) => phrase(n));
  return `${shown.length ? shown.join(', ') : l10n.t('no calls')}  (${Math.round(elapsedMs)} ms)`;
}
