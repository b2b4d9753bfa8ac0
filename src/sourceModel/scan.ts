/**
 * The parsers' side of the source model, loaded on the first scan (see ./index.ts): everything that imports
 * the @lezer packages is reached from here only.
 */
import { scanJavaScript } from './javascript/reader';
import type { ServerSourceModel, SourceLanguage } from './model';
import { scanPython } from './python/reader';

export { useTranslator } from './messages';

export function scanSource(text: string, file: string, language: SourceLanguage): Promise<ServerSourceModel> {
  return language === 'python' ? scanPython(text, file) : scanJavaScript(text, file, language);
}
