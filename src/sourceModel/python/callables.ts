/** What a registered Python callable is: a def, a lambda, a class (its __init__), a method; its parameters and docstring. */
import type { SyntaxNode } from '@lezer/common';
import type { FunctionFacts } from '../registrations';
import { childrenOf, cleanDoc } from '../syntax';
import { PythonClasses, type ClassMember } from './classes';
import { pythonParams } from './params';
import type { PythonValues } from './values';

/** What a registered callable turned out to be; every field absent when it cannot be told. */
export interface Callable extends FunctionFacts {
  /** Its `__name__`: the name it is registered under when no name is given. */
  remoteName?: string;
}

export class PythonCallables {
  readonly classes: PythonClasses;

  constructor(private readonly values: PythonValues) {
    this.classes = new PythonClasses(values);
  }

  callable(node: SyntaxNode | undefined, depth = 0): Callable {
    if (!node || depth > 5) return {};
    switch (node.name) {
      case 'LambdaExpression':
        return this.describeLambda(node);
      case 'ParenthesizedExpression':
        return this.callable(node.firstChild?.nextSibling ?? undefined, depth + 1);
      case 'VariableName': {
        const name = this.values.source.of(node);
        const binding = this.values.scopes.resolve(name, node);
        if (!binding) return { remoteName: name }; // a builtin, or a star import
        switch (binding.kind) {
          case 'def':
            return this.describeDef(binding.node, false);
          case 'class':
            return this.describeClass(binding.node);
          case 'assign': {
            const value = binding.value;
            if (value.name === 'LambdaExpression' || value.name === 'VariableName' || value.name === 'MemberExpression') return this.callable(value, depth + 1);
            return {}; // the result of a call (a partial, a wrapper): its name is not in the source
          }
          case 'import':
            return { remoteName: binding.original.split('.').pop()! };
          default:
            return {}; // a parameter or a loop variable: any function
        }
      }
      case 'MemberExpression': {
        const property = node.lastChild;
        if (property?.name !== 'PropertyName') return {};
        const name = this.values.source.of(property);
        const cls = this.classes.classOf(node.firstChild ?? undefined);
        const member = cls ? this.classes.allMethods(cls).methods.get(name) : undefined;
        return member ? this.describeMember(member) : { remoteName: name };
      }
      default:
        return {};
    }
  }

  /** hprose's addFunction('name'): the module-level function of that name. */
  moduleFunction(nameNode: SyntaxNode, script: SyntaxNode): Callable {
    const name = this.values.stringValue(nameNode);
    if (name === undefined) return {};
    const binding = this.values.scopes.bindingsOf(script).get(name)?.at(-1);
    return binding?.kind === 'def' ? this.describeDef(binding.node, false) : { remoteName: name };
  }

  /** `obj.method` for hprose's addMethod('method', obj). */
  memberOf(owner: SyntaxNode | undefined, name: string): Callable {
    const cls = this.classes.classOf(owner);
    const member = cls ? this.classes.allMethods(cls).methods.get(name) : undefined;
    return member ? this.describeMember(member) : {};
  }

  describeMember(member: ClassMember): Callable {
    return this.describeDef(member.def, !member.decorators.includes('staticmethod'));
  }

  /** A def: `bound` drops the first parameter (self, cls) that the instance or class fills in. */
  describeDef(def: SyntaxNode, bound: boolean): Callable {
    const source = this.values.source;
    const nameNode = def.getChild('VariableName');
    const localName = source.of(nameNode);
    let params = pythonParams(source, def.getChild('ParamList'));
    if (bound && params[0]?.kind === 'positional') params = params.slice(1);
    const returns = def.getChild('TypeDef');
    const doc = this.docstring(def.getChild('Body'));
    return {
      remoteName: localName,
      definition: { ...source.at((nameNode ?? def).from), localName },
      params,
      ...(returns ? { returns: source.of(returns).replace(/^->\s*/, '').trim() } : {}),
      ...(doc !== undefined ? { doc } : {}),
    };
  }

  private describeLambda(lambda: SyntaxNode): Callable {
    return {
      remoteName: '<lambda>',
      definition: { ...this.values.source.at(lambda.from), localName: '<lambda>' },
      params: pythonParams(this.values.source, lambda.getChild('ParamList')),
    };
  }

  /** A class registered as a function: called, it runs __init__. */
  describeClass(cls: SyntaxNode): Callable {
    const nameNode = cls.getChild('VariableName');
    const localName = this.values.source.of(nameNode);
    const init = this.classes.allMethods(cls).methods.get('__init__');
    const doc = this.docstring(cls.getChild('Body'));
    return {
      remoteName: localName,
      definition: { ...this.values.source.at((nameNode ?? cls).from), localName },
      ...(init ? { params: this.describeDef(init.def, true).params } : {}),
      ...(doc !== undefined ? { doc } : {}),
    };
  }

  /** The first statement of a body when it is a string: the docstring, cleaned like `inspect.cleandoc`. */
  private docstring(body: SyntaxNode | null): string | undefined {
    const first = childrenOf(body).find((c) => c.name !== ':' && c.name !== 'Comment');
    if (first?.name !== 'ExpressionStatement') return undefined;
    const only = first.firstChild;
    if (!only || only.nextSibling || (only.name !== 'String' && only.name !== 'ContinuedString')) return undefined;
    const value = this.values.stringValue(only);
    return value === undefined ? undefined : cleanDoc(value);
  }
}
