/**
 * The scanners' translations. The scanners ship in their own bundle (dist/sourceModel.js) with their own copy of
 * @vscode/l10n, which nothing configures: ./index.ts hands them the translator of the bundle that loads them.
 */
import * as bundled from '@vscode/l10n';

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const l10n: { t: Translate } = { t: (message, ...args) => bundled.t(message, ...args) };

export function useTranslator(translate: Translate): void {
  l10n.t = translate;
}
