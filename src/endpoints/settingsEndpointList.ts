import * as l10n from '@vscode/l10n';
import { PROTOCOL_CHOICES, isProtocolChoice } from '../core';
import type { EndpointConfig } from './endpointTypes';
import { displayUrl, endpointUrlProblem } from './endpointUrl';

/** The `rpcExplorer.endpoints` setting as endpoint configs. Pure: no `vscode` import. */

export const ENDPOINTS_SETTING = 'rpcExplorer.endpoints';

export interface ParsedSettingsEndpoints {
  configs: EndpointConfig[];
  /** One line per entry that cannot be an endpoint, naming the entry. */
  problems: string[];
}

/** Reads the `rpcExplorer.endpoints` value: URL strings or `{ url, name?, protocol? }`; bad entries become problems. */
export function parseSettingsEndpoints(value: unknown): ParsedSettingsEndpoints {
  const configs: EndpointConfig[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { configs, problems };
  if (!Array.isArray(value)) return { configs, problems: [l10n.t('{0} must be a list of URLs or {1} objects', ENDPOINTS_SETTING, '{ "url": … }')] };
  value.forEach((entry: unknown, index) => {
    const label = `${ENDPOINTS_SETTING}[${index}]`;
    const object = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : undefined;
    const url = typeof entry === 'string' ? entry : object?.url;
    if (typeof url !== 'string') {
      problems.push(l10n.t('{0} is skipped: give a URL string or an object with a "url"', label));
      return;
    }
    const urlProblem = endpointUrlProblem(url);
    if (urlProblem) {
      problems.push(l10n.t('{0} ({1}) is skipped: {2}', label, displayUrl(url.trim()) || l10n.t('empty'), urlProblem));
      return;
    }
    const protocol = object?.protocol ?? 'auto';
    if (!isProtocolChoice(protocol)) {
      problems.push(l10n.t('{0} ({1}) is skipped: protocol {2} is not one of {3}', label, displayUrl(url.trim()), JSON.stringify(protocol), PROTOCOL_CHOICES.join(', ')));
      return;
    }
    const name = typeof object?.name === 'string' && object.name.trim() ? object.name.trim() : undefined;
    configs.push({ url: url.trim(), protocol, ...(name ? { name } : {}) });
  });
  return { configs, problems };
}
