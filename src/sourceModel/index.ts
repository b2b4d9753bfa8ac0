/**
 * The source model of RPC server files: what a Python, JavaScript or TypeScript file serves (framework, address,
 * registered functions with their definitions), read from a real syntax tree. This is the module callers import;
 * the parsers behind it (./scan, with @lezer/python and @lezer/javascript) load on the first scan, not when the
 * extension activates. The bundle keeps them in a chunk, dist/chunks/sourceModel.js (see esbuild.js).
 */
import * as l10n from '@vscode/l10n';
import type { MethodInfo } from '../core/types';
import { sourceLanguageOf, type ServerSourceModel } from './model';

export * from './model';

type Scanner = typeof import('./scan');
let scanner: Scanner | undefined;

/** Reads one file; undefined when its language is not one the model reads. */
export async function scanServerSource(text: string, fileName: string): Promise<ServerSourceModel | undefined> {
  const language = sourceLanguageOf(fileName);
  if (!language) return undefined;
  scanner ??= loadScanner();
  return scanner.scanSource(text, fileName, language);
}

function loadScanner(): Scanner {
  try {
    // A plain require, resolved at the first scan: esbuild.js makes './scan' the chunk dist/chunks/sourceModel.js.
    const loaded = require('./scan') as Scanner;
    loaded.useTranslator(l10n.t);
    return loaded;
  } catch (error) {
    throw new Error(l10n.t('The source model could not be loaded ({0}): this installation lacks dist/chunks/sourceModel.js.', (error as Error).message.split('\n')[0]), { cause: error });
  }
}

/** The registered functions as explorer methods (origin 'source'): name, help and the parameters a client passes. */
export function sourceMethods(model: ServerSourceModel): MethodInfo[] {
  return model.functions.map((fn) => {
    const method: MethodInfo = { name: fn.name, signatures: null, help: fn.doc ?? null, origin: 'source' };
    if (fn.params) {
      method.params = fn.params.map((p) => {
        const prefix = p.kind === 'var-positional' ? (model.language === 'python' ? '*' : '...') : p.kind === 'var-keyword' ? '**' : '';
        return { name: prefix + p.name, required: p.required, ...(p.description ? { description: p.description } : {}) };
      });
    }
    return method;
  });
}
