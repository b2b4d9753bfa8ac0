/** Python classes as written: the class of an instance, its methods (inherited ones from bases in the file), its attributes. */
import type { SyntaxNode } from '@lezer/common';
import { childrenOf } from '../syntax';
import { pythonParams } from './params';
import { assignments, enclosingClass, walkStatements } from './statements';
import { positionalValues } from './syntax';
import type { PythonValues } from './values';

export interface ClassMember {
  name: string;
  def: SyntaxNode;
  decorators: string[];
}

export class PythonClasses {
  constructor(private readonly values: PythonValues) {}

  /** The class an expression is an instance of (`Calc()`, a variable assigned `Calc()`, `self`), or the class itself. */
  classOf(node: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
    if (!node || depth > 5) return undefined;
    if (node.name === 'CallExpression') return this.classOf(node.firstChild ?? undefined, depth + 1);
    if (node.name !== 'VariableName') return undefined;
    const binding = this.values.scopes.bindingOf(node);
    if (binding?.kind === 'class') return binding.node;
    if (binding?.kind === 'assign') return this.classOf(binding.value, depth + 1);
    if (binding?.kind === 'other') return this.selfClass(node, this.values.source.of(node));
    return undefined;
  }

  /** `self` (the first parameter of a method) → the class of that method. */
  private selfClass(node: SyntaxNode, name: string): SyntaxNode | undefined {
    for (let up = node.parent; up; up = up.parent) {
      if (up.name !== 'FunctionDefinition') continue;
      const first = pythonParams(this.values.source, up.getChild('ParamList'))[0];
      const cls = enclosingClass(up);
      return first?.name === name && cls ? cls : undefined;
    }
    return undefined;
  }

  members(cls: SyntaxNode): { methods: ClassMember[]; attributes: Map<string, SyntaxNode>; bases: SyntaxNode[] } {
    const source = this.values.source;
    const methods: ClassMember[] = [];
    const attributes = new Map<string, SyntaxNode>();
    for (const statement of childrenOf(cls.getChild('Body'))) {
      if (statement.name === 'FunctionDefinition') {
        methods.push({ name: source.of(statement.getChild('VariableName')), def: statement, decorators: [] });
      } else if (statement.name === 'DecoratedStatement' && statement.lastChild?.name === 'FunctionDefinition') {
        const def = statement.lastChild;
        const decorators = statement.getChildren('Decorator').map((d) => source.of(d).replace(/^@\s*/, '').replace(/\(.*$/s, '').trim());
        methods.push({ name: source.of(def.getChild('VariableName')), def, decorators });
      } else if (statement.name === 'AssignStatement') {
        for (const [name, value] of assignments(source, statement)) attributes.set(name, value);
      }
    }
    return { methods, attributes, bases: positionalValues(this.values.args(cls)) };
  }

  /** The methods an instance has, its own first, then its bases' (those defined in this file). */
  allMethods(cls: SyntaxNode, seen = new Set<number>()): { methods: Map<string, ClassMember>; unknownBases: string[] } {
    const methods = new Map<string, ClassMember>();
    const unknownBases: string[] = [];
    if (seen.has(cls.from) || seen.size > 20) return { methods, unknownBases };
    seen.add(cls.from);
    const members = this.members(cls);
    for (const member of members.methods) methods.set(member.name, member); // a later def of the same name replaces
    for (const base of members.bases) {
      const name = this.values.source.of(base);
      if (name === 'object') continue;
      const baseClass = base.name === 'VariableName' ? this.values.scopes.resolve(name, base) : undefined;
      if (baseClass?.kind !== 'class') {
        unknownBases.push(name);
        continue;
      }
      const inherited = this.allMethods(baseClass.node, seen);
      unknownBases.push(...inherited.unknownBases);
      for (const [key, member] of inherited.methods) if (!methods.has(key)) methods.set(key, member);
    }
    return { methods, unknownBases };
  }

  /** Attributes of instances: class-level assignments and `self.x = …` in __init__. */
  instanceAttributes(cls: SyntaxNode): Map<string, SyntaxNode> {
    const source = this.values.source;
    const { methods, attributes } = this.members(cls);
    const found = new Map(attributes);
    const init = methods.find((m) => m.name === '__init__');
    const self = init ? pythonParams(source, init.def.getChild('ParamList'))[0]?.name : undefined;
    if (!init || !self) return found;
    walkStatements(init.def.getChild('Body'), (statement) => {
      if (statement.name !== 'AssignStatement') return;
      const target = statement.firstChild;
      const value = statement.lastChild;
      if (target?.name !== 'MemberExpression' || !value || value === target) return;
      if (source.of(target.firstChild) !== self || target.lastChild?.name !== 'PropertyName') return;
      found.set(source.of(target.lastChild), value);
    });
    return found;
  }

  /** `return ['a', 'b']` in a method: the names, when that is all it returns. */
  returnedStrings(def: SyntaxNode): string[] | undefined {
    let names: string[] | undefined;
    let other = false;
    walkStatements(def.getChild('Body'), (statement) => {
      if (statement.name !== 'ReturnStatement') return;
      const value = statement.lastChild;
      const items = value && value.name !== 'return' ? this.values.listItems(value) : undefined;
      const strings = items?.map((i) => this.values.stringValue(i));
      if (!strings || strings.some((s) => s === undefined)) other = true;
      else names = strings as string[];
    });
    return other ? undefined : names;
  }
}
