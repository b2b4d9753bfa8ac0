/**
 * What a request file's variables are resolved from (the caller's sources, the secrets the file uses) and what
 * resolving them can throw; the resolution itself is variableResolver.ts.
 */
import type { TypedValue } from '../core/types';
import type { JsonTemplate, ParsedRequestFile, Reference, RequestCall, TextTemplate, Token } from './parser';

export interface VariableSources {
  /** The selected environment's variables (one entry of the `rpcExplorer.environments` setting). */
  environment?: Readonly<Record<string, TypedValue>>;
  /** Values that win over the environment and the file (the CLI's `--var name=value`). */
  overrides?: Readonly<Record<string, TypedValue>>;
  /** `{{$env NAME}}`: an environment variable's text, undefined when it is not set. */
  env?: (name: string) => string | undefined;
  /** `{{$secret NAME}}`: the secret, undefined when there is none. Asked once per name before anything is sent. */
  secret?: (name: string) => string | undefined | Promise<string | undefined>;
  /** How to provide a missing secret, added to "secret NAME is not set" (the CLI: "set the environment variable NAME"). */
  secretHint?: (name: string) => string;
}

/** A value known only once an earlier call has run (while checking a file before sending anything). */
export const PENDING: unique symbol = Symbol('pending');
export type Value = TypedValue | typeof PENDING;

/** A reference that cannot be resolved: a file error when found by the check, a call error at run time. */
export class ReferenceProblem extends Error {
  constructor(
    message: string,
    readonly at: Pick<Token, 'offset' | 'end' | 'range'>,
  ) {
    super(message);
    this.name = 'ReferenceProblem';
  }
}

/** The call needs the result of a call that has none (it faulted, failed, was skipped or did not run). */
export class MissingResult extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingResult';
  }
}

/** What a named call left for the calls below it. */
export type CallResultState = { value: TypedValue } | { missing: string };

/** A call with every reference replaced: what is sent and expected. */
export interface ResolvedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  args: TypedValue[];
  expect?: TypedValue;
}

/** Names of the secrets a file uses (to ask for each once, before anything is sent). */
export function secretNames(file: ParsedRequestFile): string[] {
  const names = new Set<string>();
  const visit = (references: readonly Reference[]) => references.forEach((r) => r.kind === 'secret' && names.add(r.name));
  for (const definition of file.variables) visit(definition.form.template.references);
  for (const call of file.calls) {
    for (const template of callTemplates(call)) visit(template.references);
  }
  return [...names];
}

/** Asks the caller for every secret the file uses, once each. */
export async function readSecrets(file: ParsedRequestFile, sources: VariableSources): Promise<Map<string, string>> {
  const secrets = new Map<string, string>();
  for (const name of secretNames(file)) {
    const value = await sources.secret?.(name);
    if (value !== undefined) secrets.set(name, value);
  }
  return secrets;
}

function callTemplates(call: RequestCall): (TextTemplate | JsonTemplate)[] {
  const templates: (TextTemplate | JsonTemplate)[] = [];
  if (call.url) templates.push(call.url);
  if (call.method) templates.push(call.method);
  for (const header of call.headers) templates.push(header.value);
  if (call.args) templates.push(call.args);
  if (call.expect?.value) templates.push(call.expect.value);
  return templates;
}
