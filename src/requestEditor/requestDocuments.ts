import * as vscode from 'vscode';
import type { MethodInfo, TypedValue } from '../core';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import type { RequestOptions } from '../callOptions/requestOptions';
import { discover } from '../core';
import { argumentTemplateOf, methodShapeOf, signatureLinesOf, templateValues, typedJsonText } from '../core/methodShape';
import {
  ENVIRONMENTS_SETTING,
  environmentsFromSetting,
  parseRequestFile,
  type CallResultState,
  type ParsedRequestFile,
  type Range,
  type RequestCall,
  type TextTemplate,
  type VariableSources,
} from '../requestFiles';
import { environmentsSetting } from '../settings';

export const RPC_LANGUAGE = 'rpc';
const SECRET_PREFIX = 'rpcExplorer.requestFileSecret.';
const ENVIRONMENT_KEY = 'rpcExplorer.requestFileEnvironment';

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The parsed text of each open .rpc document, by version: the providers share one parse per edit. */
export class ParsedDocuments {
  private readonly cache = new Map<string, { version: number; file: ParsedRequestFile }>();

  get(document: vscode.TextDocument): ParsedRequestFile {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.file;
    const file = parseRequestFile(document.getText());
    this.cache.set(key, { version: document.version, file });
    return file;
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }
}

/** The call a line belongs to: the one whose range holds it, else the nearest one above. */
export function callAtLine(file: ParsedRequestFile, line: number): RequestCall | undefined {
  let found: RequestCall | undefined;
  for (const call of file.calls) {
    if (call.range.start.line > line) break;
    found = call;
  }
  return found;
}

/**
 * Where the editor's variables come from: the selected environment of the rpcExplorer.environments setting, the
 * process environment for `$env`, SecretStorage for `$secret`, and the results of the named calls sent from this
 * window (per file, for the session).
 */
export class EditorVariables {
  private readonly results = new Map<string, Map<string, CallResultState>>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  get environmentName(): string | undefined {
    return this.state.get<string>(ENVIRONMENT_KEY);
  }

  async selectEnvironment(name: string | undefined): Promise<void> {
    await this.state.update(ENVIRONMENT_KEY, name);
  }

  environmentNames(): string[] {
    const read = environmentsFromSetting(environmentsSetting());
    return read.ok ? Object.keys(read.environments) : [];
  }

  /** The selected environment's variables; an error line when the setting is wrong or names no such environment. */
  environment(): { variables?: Record<string, TypedValue>; error?: string } {
    const name = this.environmentName;
    if (!name) return {};
    const read = environmentsFromSetting(environmentsSetting());
    if (!read.ok) return { error: read.error };
    const variables = read.environments[name];
    return variables ? { variables } : { error: vscode.l10n.t('no environment "{0}" in {1}', name, ENVIRONMENTS_SETTING) };
  }

  sources(): VariableSources {
    return {
      environment: this.environment().variables,
      env: (name) => process.env[name],
      secret: async (name) => (await this.secrets.get(SECRET_PREFIX + name)) ?? undefined,
      secretHint: () => vscode.l10n.t('set it with "RPC Explorer: Set Request File Secret…"'),
    };
  }

  async setSecret(name: string, value: string): Promise<void> {
    if (value === '') await this.secrets.delete(SECRET_PREFIX + name);
    else await this.secrets.store(SECRET_PREFIX + name, value);
  }

  resultsOf(uri: vscode.Uri): Map<string, CallResultState> {
    const key = uri.toString();
    let results = this.results.get(key);
    if (!results) this.results.set(key, (results = new Map()));
    return results;
  }
}

/**
 * A URL template's text with the file's and the environment's plain variables substituted (no call results, no
 * secrets): enough to know which endpoint a call goes to while typing.
 */
export function urlText(file: ParsedRequestFile, template: TextTemplate, environment: Record<string, TypedValue> | undefined, depth = 0): string | undefined {
  let text = template.token.text;
  for (const reference of [...template.references].reverse()) {
    if (reference.kind !== 'variable' || reference.path.length > 0 || depth > 8) return undefined;
    let value: string | undefined;
    const definition = file.variables.find((v) => v.name.text === reference.name);
    const fromEnvironment = environment?.[reference.name];
    if (typeof fromEnvironment === 'string') value = fromEnvironment;
    else if (definition?.form.kind === 'text') value = urlText(file, definition.form.template, environment, depth + 1);
    else if (definition?.form.kind === 'json') {
      const values = definition.form.template.values;
      value = values && typeof values[0] === 'string' ? values[0] : undefined;
    }
    if (value === undefined) return undefined;
    const start = reference.offset - template.token.offset;
    text = text.slice(0, start) + value + text.slice(start + reference.text.length);
  }
  return text;
}

/**
 * The methods of a URL, as the explorer knows them: an endpoint of the registry is discovered on demand (once) with
 * the explorer's cache; a URL the explorer does not list is discovered once for the session, never added to it.
 */
export class MethodCatalog {
  private readonly requested = new Set<string>();
  private readonly unlisted = new Map<string, Promise<MethodInfo[] | undefined>>();

  constructor(
    private readonly registry: EndpointRegistry,
    private readonly options: RequestOptions,
  ) {}

  /** The methods known now, without asking anything; undefined when not known (yet). */
  known(url: string): MethodInfo[] | undefined {
    const endpoint = this.registry.get(url);
    if (endpoint?.state.status === 'ready') return this.registry.methodsOf(endpoint.config.url);
    return undefined;
  }

  isListed(url: string): boolean {
    return this.registry.get(url) !== undefined;
  }

  /** The methods of a listed endpoint, discovering it first when it never was (once per session). */
  async ofListed(url: string): Promise<MethodInfo[] | undefined> {
    const endpoint = this.registry.get(url);
    if (!endpoint) return undefined;
    if (endpoint.state.status === 'discovering') await this.registry.whenDiscovered(endpoint.config.url);
    else if (endpoint.state.status === 'idle' && !this.requested.has(endpoint.config.url)) {
      this.requested.add(endpoint.config.url);
      await this.registry.refresh(endpoint.config.url);
    }
    return this.known(url);
  }

  /** Any URL's methods: the registry's, else one discovery of the URL for the session. */
  async of(url: string): Promise<MethodInfo[] | undefined> {
    if (this.isListed(url)) return this.ofListed(url);
    let pending = this.unlisted.get(url);
    if (!pending) {
      pending = (async () => {
        try {
          const options = await this.options.forEndpoint(url);
          return (await discover(url, 'auto', options)).methods;
        } catch {
          return undefined;
        }
      })();
      this.unlisted.set(url, pending);
    }
    return pending;
  }
}

/** The argument counts a method accepts, from its signatures or OpenRPC params; undefined when nothing says. */
export function acceptedCounts(method: MethodInfo): { counts: Set<number>; text: string } | undefined {
  if (method.signatures?.length) {
    const counts = new Set(method.signatures.map((s) => s.length - 1));
    return { counts, text: [...counts].sort((a, b) => a - b).join(vscode.l10n.t(' or ')) };
  }
  if (method.params) {
    const required = method.params.filter((p) => p.required).length;
    const counts = new Set<number>();
    for (let n = required; n <= method.params.length; n++) counts.add(n);
    return { counts, text: required === method.params.length ? String(required) : vscode.l10n.t('{0} to {1}', required, method.params.length) };
  }
  return undefined;
}

/** One signature per line, from the method-shape model: `book(room: "red" | "blue", nights: integer) → string`. */
export function signatureLines(method: MethodInfo): string[] {
  return signatureLinesOf(methodShapeOf(method));
}

/** The parameters of a method as (name, example) pairs, from its first call variant; undefined when nothing says. */
export function parameterExamples(method: MethodInfo): { name: string; example: string }[] | undefined {
  const shape = methodShapeOf(method);
  const variant = shape.variants[0];
  if (!variant || (variant.params.length === 0 && !variant.fixed)) return undefined;
  return templateValues(variant).map((t) => ({ name: t.name, example: typedJsonText(t.value) }));
}

/** The argument line of a new call: the last arguments sent, else one example per parameter. */
export function argumentTemplate(method: MethodInfo, lastArgs: string | undefined): string {
  if (lastArgs !== undefined) return lastArgs;
  return argumentTemplateOf(methodShapeOf(method)) ?? '';
}
