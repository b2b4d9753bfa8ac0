/**
 * A JUnit XML report of request file runs (CI systems read it): one <testsuite> per file, one <testcase> per call.
 * fail and fault are <failure>, error is <error>, skipped and not run are <skipped>; a file whose errors kept it from
 * sending anything is one <testcase> with an <error> listing them. Every text is escaped, and characters XML 1.0
 * cannot hold (controls, lone surrogates) are written as \uXXXX.
 */
import type { TypedValue } from '../core/types';
import { callLabel, type Diagnostic } from './parser';
import type { CallOutcome, RunReport } from './runner';

export interface JunitSuite {
  /** The file as named on the command line. */
  name: string;
  report?: RunReport;
  /** The file could not be read, or its environment not found. */
  fileError?: string;
}

/** Longest text kept in a failure's body (results can be large). */
const MAX_BODY = 8_000;

export function junitReport(suites: readonly JunitSuite[], timestamp: Date = new Date()): string {
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const parts: string[] = [];
  for (const suite of suites) {
    const cases: string[] = [];
    const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const classname = suite.name.replace(/\.rpc$/i, '').replace(/[\\/]/g, '.');
    const fileErrors = suite.fileError ? [suite.fileError] : (suite.report?.diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => located(suite.name, d));
    if (fileErrors.length > 0) {
      counts.tests++;
      counts.errors++;
      const message = fileErrors.length === 1 ? fileErrors[0] : `${fileErrors.length} errors in the file; nothing was sent`;
      cases.push(
        `    <testcase name="${attr('file errors')}" classname="${attr(classname)}" file="${attr(suite.name)}" time="0">\n` +
          `      <error type="file" message="${attr(message)}">${text(fileErrors.join('\n'))}</error>\n    </testcase>`,
      );
    }
    for (const outcome of suite.report?.outcomes ?? []) {
      counts.tests++;
      cases.push(testcase(outcome, classname, suite.name, counts));
    }
    for (const call of suite.report?.notRun ?? []) {
      counts.tests++;
      counts.skipped++;
      cases.push(
        `    <testcase name="${attr(callLabel(call))}" classname="${attr(classname)}" file="${attr(suite.name)}" line="${call.range.start.line + 1}" time="0">\n` +
          `      <skipped message="not run"/>\n    </testcase>`,
      );
    }
    const time = (suite.report?.durationMs ?? 0) / 1000;
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
    totals.skipped += counts.skipped;
    totals.time += time;
    parts.push(
      `  <testsuite name="${attr(suite.name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${seconds(time)}" timestamp="${timestamp.toISOString().replace(/\.\d+Z$/, '')}">\n` +
        cases.map((c) => c + '\n').join('') +
        '  </testsuite>',
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="rpc-explorer run" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(totals.time)}">\n` +
    parts.map((p) => p + '\n').join('') +
    '</testsuites>\n'
  );
}

function testcase(outcome: CallOutcome, classname: string, file: string, counts: { failures: number; errors: number; skipped: number }): string {
  const open = `    <testcase name="${attr(outcome.label)}" classname="${attr(classname)}" file="${attr(file)}" line="${outcome.call.range.start.line + 1}" time="${seconds(outcome.durationMs / 1000)}"`;
  const message = outcome.message ?? '';
  switch (outcome.status) {
    case 'ok':
      return `${open}/>`;
    case 'fail':
    case 'fault': {
      counts.failures++;
      const body = [message, outcome.result !== undefined ? `result: ${json(outcome.result)}` : '', outcome.fault ? `fault: ${json(outcome.fault as unknown as TypedValue)}` : '']
        .filter(Boolean)
        .join('\n');
      return `${open}>\n      <failure type="${outcome.status === 'fail' ? 'expectation' : 'fault'}" message="${attr(message)}">${text(body)}</failure>\n    </testcase>`;
    }
    case 'error':
      counts.errors++;
      return `${open}>\n      <error type="${attr(outcome.errorKind ?? 'error')}" message="${attr(message)}">${text(message)}</error>\n    </testcase>`;
    case 'skipped':
      counts.skipped++;
      return `${open}>\n      <skipped message="${attr(message)}"/>\n    </testcase>`;
  }
}

function located(file: string, diagnostic: Diagnostic): string {
  return `${file}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}: ${diagnostic.message}`;
}

function json(value: TypedValue): string {
  const whole = JSON.stringify(value, null, 2) ?? 'null';
  return whole.length > MAX_BODY ? whole.slice(0, MAX_BODY) + '\n…' : whole;
}

function seconds(value: number): string {
  return value.toFixed(3);
}

/** Characters XML 1.0 cannot hold: C0 controls but tab, LF and CR; U+FFFE/U+FFFF; unpaired surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(value: string): string {
  return value.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Element text. */
function text(value: string): string {
  return visible(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes (line breaks and tabs kept as character references). */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
