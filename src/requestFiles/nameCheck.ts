/** Names defined twice in a request file, and a call named like a variable. */
import * as l10n from '@vscode/l10n';
import type { ScanContext } from './references';
import type { RequestCall, VariableDefinition } from './types';

/** Reports a variable defined twice, a call name used twice, and a call named like a variable. */
export function checkNames(ctx: Pick<ScanContext, 'error'>, definitions: VariableDefinition[], namedCalls: RequestCall[]): void {
  const variables = new Map<string, VariableDefinition>();
  for (const definition of definitions) {
    const earlier = variables.get(definition.name.text);
    if (earlier) ctx.error(l10n.t('variable {0} is already defined on line {1}', definition.name.text, earlier.range.start.line + 1), definition.name.offset, definition.name.end);
    else variables.set(definition.name.text, definition);
  }
  const calls = new Map<string, RequestCall>();
  for (let k = 0; k < namedCalls.length; k++) {
    const call = namedCalls[k];
    if (!call.name) continue;
    const name = call.name.text; // a token's text is a new slice each time it is read
    const earlier = calls.get(name);
    const variable = variables.get(name);
    if (earlier) ctx.error(l10n.t('a call is already named {0} (line {1})', name, earlier.range.start.line + 1), call.name.offset, call.name.end);
    else if (variable) ctx.error(l10n.t('{0} is also a variable (line {1}): give the call another name', name, variable.range.start.line + 1), call.name.offset, call.name.end);
    else calls.set(name, call);
  }
}
