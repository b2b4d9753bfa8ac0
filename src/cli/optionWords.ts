/**
 * The option reading `rpc-explorer` and `rpc-explorer listen` share: an option word and its value, `--header`,
 * `--secret-arg-env`. Each command keeps its own switch of options and its own usage line.
 */
import * as l10n from '@vscode/l10n';

type Usage = (message: string) => Error;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The option at `argv[at.index]`: its name (before any `=`) and its value — after the `=`, else the next word,
 * which `value()` consumes (at.index moves onto it).
 */
export function optionAt(argv: readonly string[], at: { index: number }, usage: Usage): { name: string; value(): string } {
  const arg = argv[at.index];
  const eq = arg.indexOf('=');
  const name = eq > 0 ? arg.slice(0, eq) : arg;
  const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
  return {
    name,
    value() {
      if (inline !== undefined) return inline;
      if (at.index + 1 >= argv.length) throw usage(l10n.t('{0} needs a value', name));
      return argv[++at.index];
    },
  };
}

/** `--header 'Name: value'`: the header's name and value. */
export function headerOption(text: string, usage: Usage): [name: string, value: string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!HEADER_NAME.test(name)) throw usage(l10n.t('--header needs \'Name: value\', not "{0}"', text));
  return [name, text.slice(colon + 1).trim()];
}

/** `--secret-arg-env NAME`: an environment variable's name. */
export function variableOption(variable: string, usage: Usage): string {
  if (!VARIABLE_NAME.test(variable)) throw usage(l10n.t('--secret-arg-env needs an environment variable name, not "{0}"', variable));
  return variable;
}
