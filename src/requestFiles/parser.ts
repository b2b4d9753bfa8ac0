/**
 * The request file parser: `.rpc` text → variables, calls and diagnostics, with the position of every token, and
 * as much of the file as could be read when parts of it are wrong (the editor shows both). Pure: no I/O, no vscode.
 *
 * The format, line by line (a line's leading whitespace is ignored except before `###`):
 *   `###` + title            starts a call (a first call may also start at its CALL line)
 *   `# …`, `// …`            comments; `# @name NAME` and `# @protocol auto|xmlrpc|jsonrpc|hprose` (the core's protocols) above a CALL;
 *                            `# @batch NAME` on consecutive calls to one URL sends them as one request
 *   `@name = value`          a file variable (file-wide, wherever it is defined)
 *   `CALL <url> <method>`    then optional `Name: value` header lines right below it
 *   arguments                the argument box's typed JSON list (`"a", 42`), over as many lines as it needs
 *   `EXPECT <typed JSON>`    or `EXPECT FAULT` / `EXPECT FAULT <code>` / `EXPECT NOTIFICATIONS <method> <count>`
 * `{{…}}` references a variable: `{{base}}`, `{{hello.result.items[0].id}}`, `{{$env NAME}}`, `{{$secret NAME}}`.
 *
 * This is the module's entry: the parse is split over types.ts, positions.ts (offsets, tokens), callParser.ts (the
 * call state machine), directivesAndDefinitions.ts, callAndHeaderLines.ts, jsonTemplate.ts (the typed JSON
 * scanner), references.ts, expectLine.ts and nameCheck.ts.
 */
import * as l10n from '@vscode/l10n';
import { Parser } from './callParser';
import type { ParsedRequestFile, RequestCall } from './types';

export * from './types';
export { offsetAt, positionAt } from './positions';

export function parseRequestFile(text: string): ParsedRequestFile {
  return new Parser(text).parse();
}

/** The calls whose title or name holds `text` (case-insensitive): `--filter`. */
export function callMatches(call: RequestCall, text: string): boolean {
  const needle = text.toLowerCase();
  return call.title.toLowerCase().includes(needle) || (call.name?.text.toLowerCase().includes(needle) ?? false);
}

/** What a call is called in reports: its title, else its name, else its method, else its line. */
export function callLabel(call: RequestCall): string {
  if (call.title) return call.title;
  if (call.name) return call.name.text;
  if (call.method) return call.method.token.text;
  return l10n.t('call at line {0}', call.range.start.line + 1);
}
