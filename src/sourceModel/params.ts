/** Parameter lists as both languages write them: names, `=` defaults as written, annotations, one by one. */
import type { SyntaxNode } from '@lezer/common';
import type { SourceParam } from './model';
import { childrenOf, type SourceFile } from './syntax';

/** What the tokens of one parameter told so far. */
export interface ParamParts {
  name?: string;
  type?: string;
  default?: string;
}

/**
 * Reads a parameter list token by token: `readToken` fills in the current parameter's parts, a ',' ends it, and the
 * token after a `defaultMark` token is its default, as written. `finish` makes the parameter (if any) of the parts.
 */
export function readParamList<P extends ParamParts>(
  source: SourceFile,
  list: SyntaxNode | null,
  defaultMark: string,
  readToken: (token: SyntaxNode, current: P) => void,
  finish: (current: P) => SourceParam | undefined,
): SourceParam[] {
  const out: SourceParam[] = [];
  let current = {} as P;
  let expectDefault = false;
  const flush = () => {
    const param = finish(current);
    if (param) out.push(param);
    current = {} as P;
    expectDefault = false;
  };
  for (const child of childrenOf(list)) {
    if (expectDefault) {
      current.default = source.of(child).trim();
      expectDefault = false;
    } else if (child.name === ',') flush();
    else if (child.name === defaultMark) expectDefault = true;
    else readToken(child, current);
  }
  flush();
  return out;
}

/** A parameter of its parts: the default and the type only where the source has them. */
export function sourceParam(name: string, kind: SourceParam['kind'], required: boolean, parts: ParamParts): SourceParam {
  return {
    name,
    kind,
    required,
    ...(parts.default !== undefined ? { default: parts.default } : {}),
    ...(parts.type !== undefined ? { type: parts.type } : {}),
  };
}
