/**
 * Which calls of a request file cannot be sent, and why: an error inside the call, in a variable it uses (directly
 * or through other variables), in a named call it needs, or outside every call and definition. The other calls can
 * go: one unfinished call never blocks a whole file. Pure (no vscode).
 */
import type { Diagnostic, Range, Reference, RequestCall } from './parser';
import type { RequestFileResolver } from './variables';

/** By call index: the first error that keeps the call from being sent. */
export type BlockedCalls = Map<number, Diagnostic>;

export function blockedCalls(resolver: RequestFileResolver, diagnostics: readonly Diagnostic[]): BlockedCalls {
  const file = resolver.file;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const blocked: BlockedCalls = new Map();
  if (errors.length === 0) return blocked;
  const badVariables = new Map<string, Diagnostic>();
  for (const error of errors) {
    const call = file.calls.find((c) => within(error, c.range));
    if (call) {
      if (!blocked.has(call.index)) blocked.set(call.index, error);
      continue;
    }
    const definition = file.variables.find((v) => within(error, v.range));
    if (definition) {
      if (!badVariables.has(definition.name.text)) badVariables.set(definition.name.text, error);
      continue;
    }
    // Outside every call and definition: nothing can be trusted to send.
    for (const c of file.calls) if (!blocked.has(c.index)) blocked.set(c.index, error);
    return blocked;
  }
  // A variable defined from a bad one is bad too.
  for (let changed = true; changed; ) {
    changed = false;
    for (const definition of file.variables) {
      if (badVariables.has(definition.name.text)) continue;
      const bad = definition.form.template.references.find((r) => r.kind === 'variable' && badVariables.has(r.name));
      if (bad) {
        badVariables.set(definition.name.text, badVariables.get(bad.name)!);
        changed = true;
      }
    }
  }
  for (const call of file.calls) {
    if (blocked.has(call.index)) continue;
    const bad = referencesOf(call).find((r) => r.kind === 'variable' && badVariables.has(r.name));
    if (bad) blocked.set(call.index, badVariables.get(bad.name)!);
  }
  // A call that needs a blocked call's result is blocked by it.
  for (let changed = true; changed; ) {
    changed = false;
    for (const call of file.calls) {
      if (blocked.has(call.index)) continue;
      const needed = [...resolver.dependenciesOf(call)].find((index) => blocked.has(index));
      if (needed !== undefined) {
        blocked.set(call.index, blocked.get(needed)!);
        changed = true;
      }
    }
  }
  return blocked;
}

function referencesOf(call: RequestCall): Reference[] {
  return [
    ...(call.url?.references ?? []),
    ...(call.method?.references ?? []),
    ...call.headers.flatMap((h) => h.value.references),
    ...(call.args?.references ?? []),
    ...(call.expect?.value?.references ?? []),
  ];
}

function within(diagnostic: Diagnostic, range: Range): boolean {
  const line = diagnostic.range.start.line;
  return line >= range.start.line && line <= range.end.line;
}

