/** JSDoc comments: the description, `@param {type} name text` (`[name]` optional) and `@returns {type}`. */
import { cleanDoc } from '../syntax';

export interface JsDoc {
  description?: string;
  params: Map<string, { type?: string; description?: string; optional: boolean }>;
  returns?: string;
}

/** A JSDoc comment: its description, `@param {type} name text` (`[name]` optional) and `@returns {type}`. */
export function parseJsDoc(comment: string): JsDoc {
  const body = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*\*(?!\/) ?/, ''))
    .join('\n');
  const sections = body.split(/(?:^|\s)(?=@[A-Za-z]+\b)/);
  const description = cleanDoc(sections[0]).trim();
  const doc: JsDoc = { params: new Map(), ...(description ? { description } : {}) };
  for (const section of sections.slice(1)) {
    const tag = /^@([A-Za-z]+)\s*/.exec(section)!;
    let rest = section.slice(tag[0].length);
    let type: string | undefined;
    if (rest.startsWith('{')) {
      const end = closingBrace(rest);
      if (end < 0) continue;
      type = rest.slice(1, end).trim();
      rest = rest.slice(end + 1).trimStart();
    }
    if (tag[1] === 'returns' || tag[1] === 'return') {
      if (type) doc.returns = type;
      continue;
    }
    if (tag[1] !== 'param' && tag[1] !== 'arg' && tag[1] !== 'argument') continue;
    const named = /^(\[([^\]=]+)(?:=[^\]]*)?\]|[\w$]+)\s*(?:-\s+)?([\s\S]*)$/.exec(rest);
    if (!named) continue;
    const name = (named[2] ?? named[1]).trim();
    const text = named[3].replace(/\s+/g, ' ').trim();
    doc.params.set(name, { ...(type ? { type } : {}), ...(text ? { description: text } : {}), optional: named[2] !== undefined });
  }
  return doc;
}

function closingBrace(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
