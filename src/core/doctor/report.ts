/** The doctor's report as text lines, JSON, JUnit XML and Markdown. */
import * as l10n from '@vscode/l10n';
import type { DoctorReport, RuleOutcome } from './rules';

const MARKS: Record<RuleOutcome['status'], string> = { pass: '✓', fail: '✗', warn: '!', skip: '-' };

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** `✓ id`, `✗ id: detail (spec)`, `! id: detail (warning)`, `- id: skipped, why`. */
export function doctorLine(rule: RuleOutcome): string {
  const mark = MARKS[rule.status];
  const detail = oneLine(rule.detail);
  switch (rule.status) {
    case 'pass':
      return `${mark} ${rule.id}`;
    case 'fail':
      return `${mark} ${rule.id}: ${detail} (${rule.spec})`;
    case 'warn':
      return `${mark} ${rule.id}: ${detail} (${l10n.t('warning')})`;
    case 'skip':
      return `${mark} ${rule.id}: ${l10n.t('skipped, {0}', detail)}`;
  }
}

export function doctorLines(report: DoctorReport): string[] {
  return report.rules.map(doctorLine);
}

/** The `--json` line: {"protocol", "rules": [{"id", "status", "detail", "spec"}]}. */
export function doctorJson(report: DoctorReport): string {
  return JSON.stringify({ protocol: report.protocol, rules: report.rules.map(({ id, status, detail, spec }) => ({ id, status, detail, spec })) });
}

export function doctorFailed(report: DoctorReport): boolean {
  return report.rules.some((rule) => rule.status === 'fail');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One test case per rule: a fail is a <failure>, a skip <skipped>, a warning passes with its text in <system-out>. */
export function doctorJunit(report: DoctorReport): string {
  const count = (status: RuleOutcome['status']) => report.rules.filter((r) => r.status === status).length;
  const cases = report.rules.map((rule) => {
    const open = `    <testcase classname="rpc-explorer.doctor.${rule.id.split('.')[0]}" name="${xml(rule.id)}">`;
    if (rule.status === 'pass') return `    <testcase classname="rpc-explorer.doctor.${rule.id.split('.')[0]}" name="${xml(rule.id)}"/>`;
    if (rule.status === 'fail') return `${open}\n      <failure message="${xml(oneLine(rule.detail))}">${xml(rule.spec)}</failure>\n    </testcase>`;
    if (rule.status === 'skip') return `${open}\n      <skipped message="${xml(oneLine(rule.detail))}"/>\n    </testcase>`;
    return `${open}\n      <system-out>${xml(`warning: ${oneLine(rule.detail)} (${rule.spec})`)}</system-out>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="rpc-explorer doctor" tests="${report.rules.length}" failures="${count('fail')}" skipped="${count('skip')}">`,
    `  <testsuite name="${xml(report.url)}" tests="${report.rules.length}" failures="${count('fail')}" skipped="${count('skip')}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

/** The report as a Markdown table (the editor's Copy as Markdown). */
export function doctorMarkdown(report: DoctorReport, title: string): string {
  const statusWord: Record<RuleOutcome['status'], string> = { pass: l10n.t('pass'), fail: l10n.t('fail'), warn: l10n.t('warning'), skip: l10n.t('skipped') };
  const rows = report.rules.map((rule) => `| ${MARKS[rule.status]} ${statusWord[rule.status]} | \`${rule.id}\` | ${cell(rule.detail)} | [${l10n.t('spec')}](${rule.spec}) |`);
  return [`### ${cell(title)}`, '', `| ${l10n.t('Status')} | ${l10n.t('Rule')} | ${l10n.t('Detail')} | ${l10n.t('Spec')} |`, '|---|---|---|---|', ...rows, ''].join('\n');
}
