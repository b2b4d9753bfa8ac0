/**
 * The CLI's display language: the POSIX locale variables in their order of precedence (LC_ALL, then LC_MESSAGES,
 * then LANG; the first one set decides). zh_CN (any encoding or modifier) and zh-CN mean Simplified Chinese;
 * anything else, or nothing set, means English, the language of the source strings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

export type CliLanguage = 'en' | 'zh-cn';

export function cliLanguage(env: NodeJS.ProcessEnv): CliLanguage {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh[_-]CN(?:[.@]|$)/i.test(locale) ? 'zh-cn' : 'en';
}

/** The packaged bundle for a language (l10n/ beside dist/, where the CLI bundle runs), or undefined for English. */
export function bundlePath(language: CliLanguage, distDir: string): string | undefined {
  return language === 'en' ? undefined : path.join(distDir, '..', 'l10n', `bundle.l10n.${language}.json`);
}

/**
 * Loads the translations before any message is built. A missing or unreadable bundle leaves the messages in English:
 * the language is a preference, never a reason for a command to fail.
 */
export function loadCliTranslations(env: NodeJS.ProcessEnv, distDir: string): void {
  const file = bundlePath(cliLanguage(env), distDir);
  if (!file) return;
  try {
    l10n.config({ contents: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string> });
  } catch {
    // English it is.
  }
}
