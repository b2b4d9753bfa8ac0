/**
 * The argument box's starting text for a function read from a server's source: one typed JSON value per positional
 * parameter, from its default when it has a literal one, else from its type hint, else a string placeholder that
 * names it. Pure (no `vscode` import): unit-tested in plain Node.
 */
import { shapeOfTypeText, templateValue, typedJsonText } from '../core/methodShape';
import type { SourceFunction, SourceLanguage, SourceParam } from '../sourceModel/model';

/**
 * The typed JSON example of a type hint (Python annotation, TypeScript type, JSDoc type), from the method-shape
 * model's one example mapper; a placeholder naming the parameter when the type says nothing usable.
 */
export function templateOfType(type: string | undefined, name: string): string {
  return typedJsonText(templateValue(shapeOfTypeText(type), name));
}

/** A default value's source text as typed JSON, when it is a plain literal (number, string, bool, None, empty container). */
export function literalToTypedJson(text: string): string | undefined {
  const t = text.trim();
  if (t === 'None' || t === 'null' || t === 'undefined') return 'null';
  if (t === 'True' || t === 'true') return 'true';
  if (t === 'False' || t === 'false') return 'false';
  if (/^-?\d+$/.test(t)) return String(BigInt(t));
  if (/^-?(\d+\.\d*|\.\d+|\d+)(e[+-]?\d+)?$/i.test(t)) {
    const n = Number(t);
    if (!Number.isFinite(n)) return undefined;
    return Number.isInteger(n) ? `${n}.0` : String(n);
  }
  if (t === '[]' || t === '()' || t === 'list()' || t === 'tuple()') return '[]';
  if (t === '{}' || t === 'dict()') return '{}';
  if (t === "b''" || t === 'b""') return '{"$base64": ""}';
  const quoted = /^(['"`])(.*)\1$/s.exec(t);
  if (quoted && !/[\\\n]/.test(quoted[2]) && !(quoted[1] === '`' && quoted[2].includes('${'))) return JSON.stringify(quoted[2]);
  if (quoted?.[1] === '"') {
    try {
      const value: unknown = JSON.parse(t);
      if (typeof value === 'string') return JSON.stringify(value);
    } catch {
      // Python escapes that JSON does not read: fall back to the type.
    }
  }
  return undefined;
}

/** The parameters a client passes positionally (not `*args`, `**kwargs` or keyword-only ones). */
export function positionalParams(fn: SourceFunction): SourceParam[] {
  return (fn.params ?? []).filter((p) => p.kind === 'positional');
}

/** One typed JSON value of a parameter: its literal default, else its type's example, else `"name"`. */
export function templateOfParam(param: SourceParam): string {
  const fromDefault = param.default !== undefined ? literalToTypedJson(param.default) : undefined;
  if (fromDefault !== undefined) return fromDefault;
  if (/^[[{]/.test(param.name)) return param.name.startsWith('[') ? '[]' : '{}'; // a destructuring pattern
  return templateOfType(param.type, param.name);
}

/** The argument box's text for a source function ('' when it takes no parameters), or undefined when its parameters are unknown. */
export function argumentTemplate(fn: SourceFunction): string | undefined {
  if (!fn.params) return undefined;
  return positionalParams(fn).map(templateOfParam).join(', ');
}

/** `sayHi(name: str, times: int = 1) -> str`: the function as its source declares it, for tooltips and prompts. */
export function sourceSignature(fn: SourceFunction, language: SourceLanguage): string {
  const params = (fn.params ?? []).map((p) => {
    const prefix = p.kind === 'var-positional' ? (language === 'python' ? '*' : '...') : p.kind === 'var-keyword' ? '**' : '';
    const optional = language !== 'python' && !p.required && p.default === undefined && p.kind === 'positional' ? '?' : '';
    const type = p.type ? `: ${p.type}` : '';
    const fallback = p.default !== undefined ? ` = ${p.default}` : '';
    return `${prefix}${p.name}${optional}${type}${fallback}`;
  });
  const returns = fn.returns ? (language === 'python' ? ` -> ${fn.returns}` : `: ${fn.returns}`) : '';
  return `${fn.name}(${fn.params ? params.join(', ') : '…'})${returns}`;
}
