import * as l10n from '@vscode/l10n';
import type { MethodInfo } from '../core';

/**
 * Groups methods by their dotted prefix (`system.listMethods` → `system` → `listMethods`), one level at a time,
 * so the tree only builds what the user expands (2,000+ methods stay instant). Pure: no `vscode` import.
 */

/** hprose lists `#` (the id function), `*` (the missing-method handler) and in 3.x `~`: not callable methods. */
export function isHiddenMethod(name: string): boolean {
  return name === '#' || name === '*' || name === '~';
}

export function visibleMethods(methods: readonly MethodInfo[]): MethodInfo[] {
  return methods.filter((m) => !isHiddenMethod(m.name));
}

export interface MethodLevel {
  /** Sub-groups at this level, by segment name, sorted. */
  groups: { segment: string; prefix: string; count: number }[];
  /** Methods whose name ends at this level. */
  methods: MethodInfo[];
}

/**
 * The children of one level of the tree: `prefix` is '' for the endpoint's top level, else e.g. 'system.'.
 * A group is only made when a prefix is shared by at least one dotted name; names are never split on a leading
 * or trailing dot.
 */
export function methodLevel(methods: readonly MethodInfo[], prefix: string): MethodLevel {
  const groups = new Map<string, number>();
  const leaves: MethodInfo[] = [];
  for (const method of methods) {
    if (isHiddenMethod(method.name) || !method.name.startsWith(prefix)) continue;
    const rest = method.name.slice(prefix.length);
    const dot = rest.indexOf('.');
    if (dot > 0 && dot < rest.length - 1) {
      const segment = rest.slice(0, dot);
      groups.set(segment, (groups.get(segment) ?? 0) + 1);
    } else {
      leaves.push(method);
    }
  }
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });
  return {
    groups: [...groups.entries()]
      .sort(([a], [b]) => byName(a, b))
      .map(([segment, count]) => ({ segment, prefix: `${prefix}${segment}.`, count })),
    methods: leaves.sort((a, b) => byName(a.name, b.name)),
  };
}

/** `string sayHi(string)` for each known signature ([returnType, argType...]). */
export function formatSignatures(method: MethodInfo): string[] {
  if (method.signatures && method.signatures.length > 0) {
    return method.signatures
      .filter((s) => Array.isArray(s) && s.length > 0)
      .map(([ret, ...params]) => `${ret} ${method.name}(${params.join(', ')})`);
  }
  if (method.params) {
    const params = method.params.map((p) => (p.required === false ? `${p.name}?` : p.name)).join(', ');
    const result = method.result ? `${method.result.name} ` : '';
    return [`${result}${method.name}(${params})`.trim()];
  }
  return [];
}

/** The first non-blank line of the help text. */
export function firstHelpLine(method: MethodInfo): string {
  const line = (method.help ?? '').split(/\r?\n/).find((l) => l.trim() !== '');
  return line ? line.trim() : '';
}

/** A compact argument-list hint for the call box: `string` or `string, int`; '' when unknown. */
export function argumentHint(method: MethodInfo): string {
  if (method.signatures && method.signatures.length > 0) {
    return method.signatures.map(([, ...params]) => `(${params.join(', ')})`).join(l10n.t(' or '));
  }
  if (method.params) return `(${method.params.map((p) => p.name).join(', ')})`;
  return '';
}
