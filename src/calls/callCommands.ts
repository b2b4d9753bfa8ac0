import { callArguments, targetOf } from '../common/commandArguments';
import type { CommandTable } from '../common/commandTable';
import type { TypedValue } from '../core';
import { acceptEndpointUrl } from '../endpoints/endpointCredentials';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { once } from '../lazy/once';
import type { RequestHeaders } from '../callOptions/requestHeaders';
import type { SourceIndex } from '../sourceEditor';
import type { CallHistory } from './callHistory';
import type { CallRunner } from './callRunner';
import type { CopyCallAsCommand } from './copyCallAsCommand';

// Each command below is a chunk of the bundle (esbuild.js), built on its first use: reached only through these requires.
const callMethodModule = () => require('./callMethodCommand') as typeof import('./callMethodCommand');
const callHistoryModule = () => require('./callHistoryCommand') as typeof import('./callHistoryCommand');
const setHeaderModule = () => require('./setHeaderCommand') as typeof import('./setHeaderCommand');
const setSecretArgumentModule = () => require('./setSecretArgumentCommand') as typeof import('./setSecretArgumentCommand');
/** Copy Call As…, a chunk of its own (the result panel and the call form use it too). */
export const copyCallAsModule = () => require('./copyCallAsCommand') as typeof import('./copyCallAsCommand');

export interface CallCommandDeps {
  registry: EndpointRegistry;
  headers: RequestHeaders;
  history: CallHistory;
  runner: CallRunner;
  sources: SourceIndex;
  copyCallAs: () => CopyCallAsCommand;
  /** Writes a call into a request file (the request editor, loaded then). */
  saveToRequestFile: (url: string, method: string, argsText?: string) => void;
  openCallForm: (url: string, method: string, argsText?: string) => Promise<unknown>;
}

/** The call commands' objects, and the programmatic forms the typed API and the other features use. */
export interface CallCommands {
  /** The argument box's command (a chunk, built on first use). */
  callMethod(): import('./callMethodCommand').CallMethodCommand;
  call(url: string, method: string, args?: TypedValue[] | string, showPanel?: boolean): Promise<TypedValue>;
  /** The argument box of a method known by name (its signature when the endpoint lists it). */
  ask(url: string, method: string, argsText?: string): Promise<TypedValue | undefined>;
  setHeaderOf(url: string, name: string, value: string): Promise<'secret' | 'setting' | 'removed'>;
  commands(): CommandTable;
}

/**
 * The commands that call and ask (argument box, history, headers, secret argument, Copy Call As…), and their
 * programmatic forms. A URL from a caller may carry user-info: it goes to SecretStorage before anything else sees it.
 */
export function createCallCommands(deps: CallCommandDeps): CallCommands {
  const { registry, headers, history, runner, copyCallAs } = deps;
  const callMethod = once(() => new (callMethodModule().CallMethodCommand)(registry, runner, history, deps.sources));
  const setHeader = once(() => new (setHeaderModule().SetHeaderCommand)(registry, headers));
  const setSecretArgument = once(() => new (setSecretArgumentModule().SetSecretArgumentCommand)(registry, headers));
  const callHistory = once(() =>
    new (callHistoryModule().CallHistoryCommand)(registry, history, runner, callMethod(), {
      copyCallAs: (entry) => copyCallAs().interactive(copyCallAsModule().copyTargetOf(entry)),
      saveToRequestFile: (entry) => deps.saveToRequestFile(entry.endpointUrl, entry.method, entry.argsText),
      openInCallForm: (entry) => void deps.openCallForm(entry.endpointUrl, entry.method, entry.argsText),
    }),
  );
  const call: CallCommands['call'] = async (url, method, args, showPanel) => callMethod().call(await acceptEndpointUrl(url, headers), method, args, showPanel);
  const setHeaderOf: CallCommands['setHeaderOf'] = async (url, name, value) => setHeader().set(await acceptEndpointUrl(url, headers), name, value);
  return {
    callMethod,
    call,
    ask: (url, method, argsText) =>
      callMethod().interactive({ url, method: registry.methodsOf(url).find((m) => m.name === method) ?? { name: method, signatures: null, help: null } }, argsText),
    setHeaderOf,
    commands: () => ({
      'rpcExplorer.callMethod': (target?: unknown, method?: unknown, args?: unknown, options?: unknown) => {
        const given = callArguments(target, method, args, options);
        return given ? call(given.url, given.method, given.args, given.showPanel) : callMethod().interactive(targetOf(target));
      },
      'rpcExplorer.setHeader': (target?: unknown, name?: unknown, value?: unknown) =>
        typeof target === 'string' && typeof name === 'string' && typeof value === 'string' ? setHeaderOf(target, name, value) : setHeader().interactive(targetOf(target)),
      'rpcExplorer.setSecretArgument': (target?: unknown) => setSecretArgument().interactive(targetOf(target)),
      'rpcExplorer.callHistory': (target?: unknown) => callHistory().execute(targetOf(target)),
      'rpcExplorer.copyCallAs': (target?: unknown) => copyCallAs().interactive(copyCallAsModule().copyTargetOf(target)),
      'rpcExplorer.openCallForm': async (target?: unknown, method?: unknown, argsText?: unknown) => {
        const given = typeof target === 'string' && typeof method === 'string' ? { url: target, method } : targetOf(target);
        const name = given?.method === undefined ? undefined : typeof given.method === 'string' ? given.method : given.method.name;
        if (given && name) await deps.openCallForm(given.url, name, typeof argsText === 'string' ? argsText : undefined);
      },
    }),
  };
}
