/**
 * Environments read from a JSONC file (a `.vscode/settings.json`, an `--env-file`): comments and trailing commas
 * allowed. Numbers keep the type their text says, as everywhere else (`1.0` is a double, 9007199254740993 an i8).
 *
 * jsonc-parser is imported from its ESM build: esbuild cannot bundle its UMD main (it requires its parts through a
 * factory argument, microsoft/node-jsonc-parser#57), and plain Node cannot load the ESM build (extensionless
 * imports). So this module runs bundled only (the CLI, the extension) and is not exported from index.ts.
 */
import * as l10n from '@vscode/l10n';
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { lineColumnAt, readTypedJson } from '../core/typedJson';
import type { TypedValue } from '../core/types';
import { validateTypedValue } from '../core/values';
import { ENVIRONMENTS_SETTING, type Environments, type EnvironmentsRead } from './environments';

/**
 * A JSONC file's environments: a settings file (its `rpcExplorer.environments`), or a file that is the environments
 * object itself (`--env-file`). `label` names the file in errors.
 */
export function environmentsFromJsonc(text: string, label: string): EnvironmentsRead {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const at = first ? lineColumnAt(text, first.offset) : { line: 1, column: 1 };
    return { ok: false, error: `${label}:${at.line}:${at.column}: ${l10n.t('not valid JSON with comments ({0})', first ? printParseErrorCode(first.error) : l10n.t('empty'))}` };
  }
  if (root.type !== 'object') return { ok: false, error: `${label}: ${l10n.t('expected an object')}` };
  const settingNode = property(root, ENVIRONMENTS_SETTING);
  const environmentsNode = settingNode ?? root;
  if (environmentsNode.type !== 'object') return { ok: false, error: `${label}: ${l10n.t('{0} must be an object of environments', ENVIRONMENTS_SETTING)}` };
  const environments: Environments = {};
  for (const entry of environmentsNode.children ?? []) {
    const [keyNode, valueNode] = entry.children ?? [];
    if (!keyNode || !valueNode) continue;
    const name = String(keyNode.value);
    if (valueNode.type !== 'object') {
      if (!settingNode) continue; // a settings file given as --env-file without the setting: other settings are not environments
      return { ok: false, error: `${label}: ${l10n.t('environment "{0}" must be an object of variables', name)}` };
    }
    const variables: Record<string, TypedValue> = {};
    for (const variable of valueNode.children ?? []) {
      const [variableKey, variableValue] = variable.children ?? [];
      if (!variableKey || !variableValue) continue;
      const read = typedValueOf(text, variableValue);
      if (!read.ok) {
        const at = lineColumnAt(text, variableValue.offset);
        return { ok: false, error: `${label}:${at.line}:${at.column}: ${name}.${String(variableKey.value)}: ${read.error}` };
      }
      variables[String(variableKey.value)] = read.value;
    }
    environments[name] = variables;
  }
  return { ok: true, environments };
}

/** A value node as typed JSON, read from its own text (its numbers as written) unless comments sit inside it. */
function typedValueOf(text: string, node: Node): { ok: true; value: TypedValue } | { ok: false; error: string } {
  const read = readTypedJson(text.slice(node.offset, node.offset + node.length));
  const value = read.ok ? read.value : (getNodeValue(node) as TypedValue);
  if (!read.ok && read.problem.kind === 'value') return { ok: false, error: read.problem.reason };
  const invalid = validateTypedValue(value);
  return invalid ? { ok: false, error: invalid } : { ok: true, value };
}

function property(object: Node, name: string): Node | undefined {
  for (const entry of object.children ?? []) {
    const [key, value] = entry.children ?? [];
    if (key?.value === name) return value;
  }
  return undefined;
}
