/** The parsed request file's shape: what the parser returns and the editor, runner and CLI read. */
import type { ProtocolChoice, TypedValue } from '../core/types';
import type { NotificationExpectation } from './notificationExpectation';

/** 0-based line and UTF-16 character, as VS Code's Position. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A piece of the file. `offset`/`end`: UTF-16 offsets into the file's text; `text` is exactly that slice. */
export interface Token {
  text: string;
  offset: number;
  end: number;
  range: Range;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** One line, without location (`unknown variable "bse"`). */
  message: string;
  offset: number;
  end: number;
  range: Range;
}

/** One step of a reference's path: `.key`, `["key"]` or `[0]`. */
export type PathSegment = { key: string; token: Token } | { index: number; token: Token };

/** `{{…}}`. The Token is the whole reference, braces included. */
export interface Reference extends Token {
  /** `variable`: a file, environment or `--var` variable, or a named call (`{{hello.result}}`). */
  kind: 'variable' | 'env' | 'secret';
  /** The variable or call name, or the NAME of `$env NAME` / `$secret NAME`. */
  name: string;
  nameToken: Token;
  path: PathSegment[];
  /** Inside a JSON string literal: substitutes as text. Elsewhere in typed JSON it stands for a whole value. */
  inString: boolean;
}

/** Text where references substitute as text: a URL, a method, a header value, a text variable. */
export interface TextTemplate {
  token: Token;
  references: Reference[];
}

/** Typed JSON where references stand for values: the arguments, an EXPECT value, a JSON variable. */
export interface JsonTemplate {
  token: Token;
  /** The token's text with the comment and definition lines inside it blanked (same length, same offsets). */
  source: string;
  references: Reference[];
  /** The top-level values (each argument), in order. */
  items: Token[];
  /** The values, when the text holds no reference (otherwise they are known only once resolved). */
  values?: TypedValue[];
  /** Whether the template was read without error (else it is never resolved). */
  valid: boolean;
}

export interface VariableDefinition {
  /** The name, without `@`. */
  name: Token;
  /** Everything after `=`, trimmed. */
  value: Token;
  /**
   * How the value reads: `json` when it is typed JSON (`"phyger"`, `42`, `{"a": 1}`, `{{hello.result}}`): its value;
   * `text` otherwise (`http://127.0.0.1:8889`, `{{base}}/RPC2`): the text with its references substituted, read
   * as typed JSON when it is that (`8889`), else as a string.
   */
  form: { kind: 'json'; template: JsonTemplate } | { kind: 'text'; template: TextTemplate };
  range: Range;
}

export interface Header {
  name: Token;
  value: TextTemplate;
  range: Range;
}

export interface Expectation {
  /** The `EXPECT` keyword. */
  keyword: Token;
  kind: 'value' | 'fault' | 'notifications';
  /** kind 'value': the expected result. */
  value?: JsonTemplate;
  /** kind 'fault' with a code: `EXPECT FAULT -32602` or `EXPECT FAULT "E42"`. */
  faultCode?: { value: number | string; token: Token };
  /** kind 'notifications': `EXPECT NOTIFICATIONS <method> <count>`. */
  notifications?: NotificationExpectation;
  range: Range;
}

export interface Directive {
  /** `name` or `protocol` (others are reported and ignored). */
  name: string;
  keyword: Token;
  value?: Token;
}

export interface RequestCall {
  /** 0-based position among the file's calls. */
  index: number;
  /** The text after `###`, trimmed ('' when none, or for a first call without a `###` line). */
  title: string;
  /** The `###` line. */
  separator?: Token;
  /** `# @name NAME`: NAME. */
  name?: Token;
  /** `# @batch NAME`: NAME (consecutive calls with one batch name go out as one request). */
  batch?: Token;
  protocol: ProtocolChoice;
  directives: Directive[];
  /** The `CALL` keyword; absent when the block has no CALL line (reported). */
  keyword?: Token;
  url?: TextTemplate;
  method?: TextTemplate;
  headers: Header[];
  /** Absent when the call has no arguments. */
  args?: JsonTemplate;
  expect?: Expectation;
  /** From the `###` line (or CALL line) to the call's last non-blank line. */
  range: Range;
  /** Whether the call can be sent: its CALL line, arguments and EXPECT were read without error. */
  complete: boolean;
}

export interface ParsedRequestFile {
  text: string;
  /** Offset of each line's first character. */
  lineStarts: number[];
  variables: VariableDefinition[];
  calls: RequestCall[];
  /** Syntax problems (errors and warnings), in file order. Unknown variables are found by checkRequestFile. */
  diagnostics: Diagnostic[];
}
