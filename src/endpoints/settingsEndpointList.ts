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
  if (!Array.isArray(value)) return { configs, problems: [`${ENDPOINTS_SETTING} must be a list of URLs or { "url": … } objects`] };
  value.forEach((entry: unknown, index) => {
    const label = `${ENDPOINTS_SETTING}[${index}]`;
    const object = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : undefined;
    const url = typeof entry === 'string' ? entry : object?.url;
    if (typeof url !== 'string') {
      problems.push(`${label} is skipped: give a URL string or an object with a "url"`);
      return;
    }
    const urlProblem = endpointUrlProblem(url);
    if (urlProblem) {
      problems.push(`${label} (${displayUrl(url.trim()) || 'empty'}) is skipped: ${urlProblem}`);
      return;
    }
    const protocol = object?.protocol ?? 'auto';
    if (!isProtocolChoice(protocol)) {
      problems.push(`${label} (${displayUrl(url.trim())}) is skipped: protocol ${JSON.stringify(protocol)} is not one of ${PROTOCOL_CHOICES.join(', ')}`);
      return;
    }
    const name = typeof object?.name === 'string' && object.name.trim() ? object.name.trim() : undefined;
    configs.push({ url: url.trim(), protocol, ...(name ? { name } : {}) });
  });
  return { configs, problems };
}
