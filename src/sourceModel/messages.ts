/**
 * The scanners' translations. The scanners are a chunk of their own (dist/chunks/sourceModel.js, see esbuild.js):
 * ./index.ts hands them the translator of the bundle that loads them, whichever copy of @vscode/l10n they hold.
 */
import * as bundled from '@vscode/l10n';

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const l10n: { t: Translate } = { t: (message, ...args) => bundled.t(message, ...args) };

export function useTranslator(translate: Translate): void {
  l10n.t = translate;
}
