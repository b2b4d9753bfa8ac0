import * as vscode from 'vscode';
import { looksSecret, parseCliArgument, type TypedValue } from '../core';
import type { CredentialKeeper } from '../endpoints/endpointCredentials';
import { endpointKey, sameEndpointUrl } from '../endpoints/endpointUrl';
import * as settings from '../settings';

/**
 * Extra request headers per endpoint: plain ones in the `rpcExplorer.headers` setting, secret-looking ones in
 * SecretStorage (the OS keychain), so credentials never land in settings.json or in a log. Also an endpoint's
 * secret first argument (aria2's `token:…`). Secrets are read once and cached; a change through this class or in
 * SecretStorage drops the cache.
 */
export class RequestHeaders implements CredentialKeeper, vscode.Disposable {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => this.cache.delete(event.key));
  }

  dispose(): void {
    this.subscription.dispose();
  }

  async keepAuthorization(url: string, authorization: string): Promise<void> {
    await this.updateSecret(url, 'Authorization', authorization);
  }

  /** The secret argument every call to the endpoint takes first, if one is set. */
  async leadingArgument(url: string): Promise<TypedValue | undefined> {
    const stored = await this.secret(argumentKey(url));
    return stored === undefined ? undefined : parseCliArgument(stored);
  }

  /** Sets (empty text removes) the secret first argument: typed JSON, or plain text taken as a string. */
  async setLeadingArgument(url: string, text: string): Promise<void> {
    const key = argumentKey(url);
    this.cache.delete(key);
    if (text.trim() === '') await this.secrets.delete(key);
    else await this.secrets.store(key, text.trim());
    this.cache.delete(key);
  }

  /** Every header to send to an endpoint: settings first, secrets win on the same name. */
  async headersFor(url: string): Promise<Record<string, string>> {
    return { ...this.settingHeaders(url), ...(await this.secretHeaders(url)) };
  }

  /** The values to mask in logs for an endpoint. */
  async secretValues(url: string): Promise<string[]> {
    const fromSettings = Object.entries(this.settingHeaders(url))
      .filter(([name, value]) => looksSecret(name, value))
      .map(([, value]) => value);
    const argument = await this.secret(argumentKey(url));
    return [...fromSettings, ...Object.values(await this.secretHeaders(url)), ...(argument ? [argument] : [])];
  }

  /** Names of the headers set for an endpoint, with where each one is kept (for the Set Header picker). */
  async describe(url: string): Promise<{ name: string; secret: boolean }[]> {
    const secret = Object.keys(await this.secretHeaders(url)).map((name) => ({ name, secret: true }));
    const plain = Object.keys(this.settingHeaders(url))
      .filter((name) => !secret.some((s) => s.name.toLowerCase() === name.toLowerCase()))
      .map((name) => ({ name, secret: false }));
    return [...plain, ...secret];
  }

  /** Sets (or, with an empty value, removes) one header; returns where it was stored. */
  async set(url: string, name: string, value: string): Promise<'secret' | 'setting' | 'removed'> {
    const secret = looksSecret(name, value) || Object.keys(await this.secretHeaders(url)).some((n) => sameName(n, name));
    // A header lives in one place only: drop it from the other store.
    await this.updateSecret(url, name, secret && value !== '' ? value : undefined);
    await this.updateSetting(url, name, !secret && value !== '' ? value : undefined);
    if (value === '') return 'removed';
    return secret ? 'secret' : 'setting';
  }

  /** Secret-looking headers someone wrote into the settings by hand (user or workspace settings). */
  secretsInSettings(): { url: string; name: string }[] {
    const inspected = settings.inspectHeaders();
    const found: { url: string; name: string }[] = [];
    for (const value of [inspected.global, inspected.workspace, inspected.workspaceFolder]) {
      for (const [url, headers] of Object.entries(value ?? {})) {
        for (const [name, text] of Object.entries(headers ?? {})) if (typeof text === 'string' && looksSecret(name, text)) found.push({ url, name });
      }
    }
    return found;
  }

  /** Moves every secret-looking header from the settings to SecretStorage; returns how many moved. */
  async moveSecretsToKeychain(): Promise<number> {
    const inspected = settings.inspectHeaders();
    const targets: [Record<string, Record<string, string>> | undefined, vscode.ConfigurationTarget][] = [
      [inspected.global, vscode.ConfigurationTarget.Global],
      [inspected.workspace, vscode.ConfigurationTarget.Workspace],
      [inspected.workspaceFolder, vscode.ConfigurationTarget.WorkspaceFolder],
    ];
    let moved = 0;
    for (const [value, target] of targets) {
      if (!value) continue;
      const next: Record<string, Record<string, string>> = {};
      let changed = false;
      for (const [url, headers] of Object.entries(value)) {
        const kept: Record<string, string> = {};
        for (const [name, text] of Object.entries(headers ?? {})) {
          if (typeof text === 'string' && looksSecret(name, text)) {
            await this.updateSecret(url, name, text);
            moved++;
            changed = true;
          } else kept[name] = text;
        }
        if (Object.keys(kept).length) next[url] = kept;
      }
      if (changed) await settings.updateHeaders(Object.keys(next).length ? next : undefined, target);
    }
    return moved;
  }

  /** Forgets the secret headers of a removed endpoint. */
  async forget(url: string): Promise<void> {
    this.cache.delete(secretKey(url));
    this.cache.delete(argumentKey(url));
    await this.secrets.delete(secretKey(url));
    await this.secrets.delete(argumentKey(url));
  }

  private secret(key: string): Promise<string | undefined> {
    let value = this.cache.get(key);
    if (!value) {
      value = Promise.resolve(this.secrets.get(key));
      this.cache.set(key, value);
    }
    return value;
  }

  private settingHeaders(url: string): Record<string, string> {
    const all = settings.headers();
    const merged: Record<string, string> = {};
    for (const [endpoint, headers] of Object.entries(all)) {
      if (!sameEndpointUrl(endpoint, url) || typeof headers !== 'object' || headers === null) continue;
      for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') merged[name] = value;
    }
    return merged;
  }

  private async secretHeaders(url: string): Promise<Record<string, string>> {
    const stored = await this.secret(secretKey(url));
    if (!stored) return {};
    try {
      const parsed = JSON.parse(stored) as Record<string, string>;
      return typeof parsed === 'object' && parsed !== null ? parsed : {};
    } catch {
      return {};
    }
  }

  private async updateSecret(url: string, name: string, value: string | undefined): Promise<void> {
    const headers = await this.secretHeaders(url);
    for (const existing of Object.keys(headers)) if (sameName(existing, name)) delete headers[existing];
    if (value !== undefined) headers[name] = value;
    this.cache.delete(secretKey(url));
    if (Object.keys(headers).length === 0) await this.secrets.delete(secretKey(url));
    else await this.secrets.store(secretKey(url), JSON.stringify(headers));
    this.cache.delete(secretKey(url));
  }

  private async updateSetting(url: string, name: string, value: string | undefined): Promise<void> {
    const inspected = settings.inspectHeaders();
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    const current = (target === vscode.ConfigurationTarget.Workspace ? inspected.workspace : inspected.global) ?? {};
    const key = Object.keys(current).find((k) => sameEndpointUrl(k, url)) ?? url;
    const headers = { ...(current[key] ?? {}) };
    const had = Object.keys(headers).some((n) => sameName(n, name));
    if (!had && value === undefined) return;
    for (const existing of Object.keys(headers)) if (sameName(existing, name)) delete headers[existing];
    if (value !== undefined) headers[name] = value;
    const next = { ...current };
    if (Object.keys(headers).length === 0) delete next[key];
    else next[key] = headers;
    await settings.updateHeaders(next, target);
  }
}

function secretKey(url: string): string {
  return `rpcExplorer.headers:${endpointKey(url)}`;
}

function argumentKey(url: string): string {
  return `rpcExplorer.leadingArgument:${endpointKey(url)}`;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
