/** What a reader records as it reads: the registrations it found, in source order, and its notes. */
import type { SyntaxNode } from '@lezer/common';
import type { SourceFunction, SourceNote } from './model';
import type { SourceFile } from './syntax';

/** A registration as read, before duplicates are merged: `at` orders it (source offset). */
export interface Registered extends SourceFunction {
  at: number;
}

/** What a reader could tell of a registered function; each field absent when it cannot be told. */
export type FunctionFacts = Pick<SourceFunction, 'definition' | 'params' | 'returns' | 'doc'>;

/** The registrations and notes of one file. */
export class RegistrationLog {
  readonly registered: Registered[] = [];
  readonly notes: SourceNote[] = [];

  constructor(private readonly source: SourceFile) {}

  /** `fn` registered under `name` by the call (or decorator) `at`; `unlisted` when `system.listMethods` leaves it out. */
  add(at: SyntaxNode, registration: string, name: string, fn: FunctionFacts, unlisted = false): void {
    this.registered.push(registrationOf(this.source, at, registration, name, fn, unlisted));
  }

  note(at: SyntaxNode, message: string): void {
    this.notes.push(this.source.noteAt(at, message));
  }
}

/** The registration of `fn` under `name` by the call (or decorator) `at`. */
export function registrationOf(source: SourceFile, at: SyntaxNode, registration: string, name: string, fn: FunctionFacts, unlisted = false): Registered {
  return {
    name,
    registration,
    registeredAt: source.at(at.from),
    ...(fn.definition ? { definition: fn.definition } : {}),
    ...(fn.params ? { params: fn.params } : {}),
    ...(fn.returns !== undefined ? { returns: fn.returns } : {}),
    ...(fn.doc !== undefined ? { doc: fn.doc } : {}),
    ...(unlisted ? { unlisted: true as const } : {}),
    at: at.from,
  };
}

/**
 * One entry per remote name, in order of first registration; a later registration of the same name replaces the
 * function (as a server's method table does). hprose matches names case-insensitively: Node keeps the first
 * spelling, Python the last.
 */
export function mergeRegistrations(items: Registered[], names: 'exact' | 'case-insensitive-first' | 'case-insensitive-last'): SourceFunction[] {
  const sorted = [...items].sort((a, b) => a.at - b.at);
  const byKey = new Map<string, { index: number; spelling: string }>();
  const out: SourceFunction[] = [];
  for (const { at: _at, ...item } of sorted) {
    const key = names === 'exact' ? item.name : item.name.toLowerCase();
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { index: out.length, spelling: item.name });
      out.push(item);
      continue;
    }
    const spelling = names === 'case-insensitive-first' ? seen.spelling : item.name;
    seen.spelling = spelling;
    out[seen.index] = { ...item, name: spelling };
  }
  return out;
}
