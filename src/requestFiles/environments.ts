/**
 * Environments of request files: the `rpcExplorer.environments` setting, `{"dev": {"base": "…"}, "staging": {…}}`.
 * The editor passes the setting's value; the CLI reads it from the nearest `.vscode/settings.json` above a file (or
 * an `--env-file`): see settingsFile.ts.
 */
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TypedValue } from '../core/types';
import { validateTypedValue } from '../core/values';

export const ENVIRONMENTS_SETTING = 'rpcExplorer.environments';

/** Environment name → its variables. */
export type Environments = Record<string, Record<string, TypedValue>>;

export type EnvironmentsRead = { ok: true; environments: Environments } | { ok: false; error: string };

/** The setting's value as VS Code gives it (plain JSON). */
export function environmentsFromSetting(value: unknown): EnvironmentsRead {
  if (value === undefined || value === null) return { ok: true, environments: {} };
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: l10n.t('{0} must be an object of environments: {1}', ENVIRONMENTS_SETTING, '{"dev": {"base": "http://…"}}') };
  const environments: Environments = {};
  for (const [name, variables] of Object.entries(value as Record<string, unknown>)) {
    if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
      return { ok: false, error: l10n.t('{0}: environment "{1}" must be an object of variables', ENVIRONMENTS_SETTING, name) };
    }
    const entries: Record<string, TypedValue> = {};
    for (const [variable, raw] of Object.entries(variables as Record<string, unknown>)) {
      const invalid = validateTypedValue(raw as TypedValue);
      if (invalid) return { ok: false, error: `${ENVIRONMENTS_SETTING}: ${name}.${variable}: ${invalid}` };
      entries[variable] = raw as TypedValue;
    }
    environments[name] = entries;
  }
  return { ok: true, environments };
}

/** One environment, or an error naming those there are. */
export function selectEnvironment(environments: Environments, name: string, where: string): { ok: true; variables: Record<string, TypedValue> } | { ok: false; error: string } {
  if (Object.hasOwn(environments, name)) return { ok: true, variables: environments[name] };
  const names = Object.keys(environments);
  return {
    ok: false,
    error: names.length
      ? l10n.t('no environment "{0}" in {1} (it has {2})', name, where, names.map((n) => `"${n}"`).join(', '))
      : l10n.t('no environment "{0}" in {1} (it has none)', name, where),
  };
}

/** The `.vscode/settings.json` of the nearest folder at or above `folder` that has one. */
export function nearestSettingsFile(folder: string): string | undefined {
  let dir = path.resolve(folder);
  for (;;) {
    const candidate = path.join(dir, '.vscode', 'settings.json');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
