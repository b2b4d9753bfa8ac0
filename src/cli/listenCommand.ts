/** The `listen` subcommand's entry from src/cli.ts: its words are parsed and run by src/cli/listen.ts. */
import { parseListenArgs, runListen } from './listen';

/** `rpc-explorer listen …` (the first word that is not an option). */
export function isListenCommand(argv: readonly string[]): boolean {
  return argv.find((word) => !word.startsWith('-')) === 'listen';
}

export function listenMain(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const at = argv.indexOf('listen');
  return runListen(parseListenArgs([...argv.slice(0, at), ...argv.slice(at + 1)]), { out, err });
}
