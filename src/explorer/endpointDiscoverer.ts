import { describeError, discover } from '../core';
import type { RequestOptions } from '../calls/requestOptions';
import type { WireLog } from '../calls/wireLog';
import type { DiscoverEndpoint } from './endpointRegistry';
import { displayUrl } from './endpointUrl';

/** Discovery through the core with the user's settings; each outcome is one line in the log. */
export function endpointDiscoverer(options: RequestOptions, log: WireLog): DiscoverEndpoint {
  return async (config, signal) => {
    const label = config.name ?? displayUrl(config.url);
    const started = Date.now();
    try {
      const discovery = await discover(config.url, config.protocol, await options.forEndpoint(config.url, signal));
      log.channel.info(`discover ${label} → ${discovery.protocol}, ${discovery.methods.length} methods in ${Date.now() - started} ms (${discovery.roundTrips} requests)`);
      return discovery;
    } catch (error) {
      if (!signal.aborted) log.channel.warn(`discover ${label} → ${describeError(error)}`);
      throw error;
    }
  };
}
