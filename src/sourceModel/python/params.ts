/** Python parameter lists: positional, keyword-only after `*`, `*args`, `**kwargs`, defaults and annotations. */
import type { SyntaxNode } from '@lezer/common';
import type { SourceParam } from '../model';
import { readParamList, sourceParam, type ParamParts } from '../params';
import type { SourceFile } from '../syntax';

export function pythonParams(source: SourceFile, list: SyntaxNode | null): SourceParam[] {
  let keywordOnly = false;
  return readParamList<ParamParts & { star?: string }>(
    source,
    list,
    'AssignOp',
    (token, current) => {
      if (token.name === '*' || token.name === '**') current.star = token.name;
      else if (token.name === 'VariableName') current.name = source.of(token);
      else if (token.name === 'TypeDef') current.type = source.of(token).replace(/^:\s*/, '').trim();
    },
    (current) => {
      let param: SourceParam | undefined;
      if (current.name !== undefined) {
        const kind: SourceParam['kind'] =
          current.star === '*' ? 'var-positional' : current.star === '**' ? 'var-keyword' : keywordOnly ? 'keyword-only' : 'positional';
        param = sourceParam(current.name, kind, (kind === 'positional' || kind === 'keyword-only') && current.default === undefined, current);
      }
      if (current.star === '*') keywordOnly = true; // after *args or a bare *, the rest are keyword-only
      return param;
    },
  );
}
