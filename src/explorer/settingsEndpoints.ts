import * as vscode from 'vscode';
import { basicAuthorization, urlCredentials } from '../core';
import type { CredentialKeeper } from '../endpoints/endpointCredentials';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { storedEndpointUrl } from '../endpoints/endpointUrl';
import { ENDPOINTS_SETTING, parseSettingsEndpoints, type ParsedSettingsEndpoints } from '../endpoints/settingsEndpointList';
import { endpointsSetting, onDidChangeSettings } from '../settings';

/**
 * Keeps the registry's settings endpoints in step with `rpcExplorer.endpoints`: read at activation and on every
 * change; new ones are discovered after activation returns (activation stays fast). Each bad entry is one warning,
 * shown once per session.
 */
export class SettingsEndpoints implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private readonly warned = new Set<string>();
  private pending?: ReturnType<typeof setTimeout>;
  private readonly queued = new Set<string>();
  /** The problems of the current setting value, one line each (the log shows them; the typed API returns them). */
  problems: readonly string[] = [];
  /** Settles when the discoveries started by the last read have finished. */
  settled: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: EndpointRegistry,
    private readonly log: vscode.LogOutputChannel,
    private readonly credentials: CredentialKeeper,
  ) {
    this.subscription = onDidChangeSettings((change) => {
      if (change.affects('endpoints')) this.sync();
    });
    this.sync();
  }

  /** Reads the setting and applies it to the registry; returns what was read. */
  sync(): ParsedSettingsEndpoints {
    const parsed = parseSettingsEndpoints(endpointsSetting());
    this.problems = parsed.problems;
    for (const problem of parsed.problems) {
      this.log.warn(problem);
      if (this.warned.has(problem)) continue;
      this.warned.add(problem);
      const openSettings = vscode.l10n.t('Open Settings');
      void vscode.window.showWarningMessage(problem, openSettings).then((action) => {
        if (action === openSettings) void openEndpointsSetting();
      });
    }
    // A password written into the setting is used, but the endpoint, its label and the logs carry the URL without it.
    const configs = parsed.configs.map((config) => {
      const found = urlCredentials(config.url);
      if (!found) return config;
      const url = storedEndpointUrl(config.url);
      void this.credentials.keepAuthorization(url, basicAuthorization(found.username, found.password));
      return { ...config, url };
    });
    for (const url of this.registry.setSettingsEndpoints(configs)) this.queued.add(url);
    // Discovery waits for activation to return; each endpoint shows "discovering" then its methods or its error.
    if (!this.pending && this.queued.size) {
      this.settled = new Promise<void>((resolve) => {
        this.pending = setTimeout(() => {
          this.pending = undefined;
          const urls = [...this.queued].filter((url) => this.registry.get(url));
          this.queued.clear();
          void Promise.all(urls.map((url) => this.registry.refresh(url))).then(() => resolve());
        }, 0);
      });
    }
    return parsed;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.subscription.dispose();
  }
}

/** The Settings editor on `rpcExplorer.endpoints` (its "Edit in settings.json" link opens the JSON). */
export function openEndpointsSetting(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', ENDPOINTS_SETTING);
}
