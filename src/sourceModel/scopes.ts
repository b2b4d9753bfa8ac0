/** Scope tracking shared by the readers: what a name is bound to where it is used, each scope's bindings read once. */
import type { SyntaxNode } from '@lezer/common';
import type { SourceFile } from './syntax';

/** What a name is bound to in a scope; `at` is where the binding is made (source offset). */
export type Binding<AssignFacts extends object = object> =
  | { kind: 'def'; node: SyntaxNode; at: number }
  | { kind: 'class'; node: SyntaxNode; at: number }
  | ({ kind: 'assign'; value: SyntaxNode; at: number } & AssignFacts)
  | { kind: 'import'; original: string; at: number }
  | { kind: 'other'; at: number };

/** Adds the bindings of one scope, in source order. */
export type BindScope<B> = (scope: SyntaxNode, bind: (name: string, binding: B) => void) => void;

/** Whether a reference inside `scope` sees the scope's names; `innermost` is true until a scope has been searched. */
export type ScopeSees = (scope: SyntaxNode, ref: SyntaxNode, innermost: boolean) => boolean;

/** The scopes of one file: which binding a name refers to, from the innermost scope out. */
export class ScopeTable<B extends Binding<object>> {
  private readonly cache = new Map<string, Map<string, B[]>>();

  constructor(
    private readonly source: SourceFile,
    private readonly scopeTypes: ReadonlySet<string>,
    private readonly bindScope: BindScope<B>,
    private readonly sees: ScopeSees = () => true,
  ) {}

  resolve(name: string, ref: SyntaxNode): B | undefined {
    let innermost = true;
    for (let scope = ref.parent; scope; scope = scope.parent) {
      if (!this.scopeTypes.has(scope.name) || !this.sees(scope, ref, innermost)) continue;
      innermost = false;
      const seen = bindingSeenAt(this.bindingsOf(scope).get(name), ref.from);
      if (seen) return seen;
    }
    return undefined;
  }

  /** The binding a name node (a variable) refers to. */
  bindingOf(node: SyntaxNode): B | undefined {
    return this.resolve(this.source.of(node), node);
  }

  /** The value a variable was assigned, where it is used; undefined for anything else. */
  assignedValue(node: SyntaxNode): SyntaxNode | undefined {
    if (node.name !== 'VariableName') return undefined;
    const binding = this.bindingOf(node);
    return binding?.kind === 'assign' ? binding.value : undefined;
  }

  bindingsOf(scope: SyntaxNode): Map<string, B[]> {
    const key = `${scope.name}@${scope.from}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const bindings = new Map<string, B[]>();
    this.bindScope(scope, (name, binding) => addBinding(bindings, name, binding));
    this.cache.set(key, bindings);
    return bindings;
  }
}

/**
 * Of the bindings of a name in one scope, the one a reference at `offset` sees: the last one before it, else (a
 * function body's name used before its assignment, seen when the function runs later) the first one.
 */
export function bindingSeenAt<B extends { at: number }>(bindings: B[] | undefined, offset: number): B | undefined {
  if (!bindings?.length) return undefined;
  const before = bindings.filter((b) => b.at < offset);
  return before.length ? before[before.length - 1] : bindings[0];
}

/** Adds `binding` to the bindings of `name`. */
export function addBinding<B>(bindings: Map<string, B[]>, name: string, binding: B): void {
  const list = bindings.get(name);
  if (list) list.push(binding);
  else bindings.set(name, [binding]);
}
