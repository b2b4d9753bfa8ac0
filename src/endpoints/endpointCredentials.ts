import { basicAuthorization, urlCredentials } from '../core';
import { storedEndpointUrl } from './endpointUrl';

/** Where an endpoint's credentials are kept: SecretStorage (the requests layer implements it). */
export interface CredentialKeeper {
  /** Keeps the `Authorization` header of an endpoint URL (stored form) as a secret. */
  keepAuthorization(url: string, authorization: string): Promise<void>;
}

/**
 * The URL an endpoint is known by, for any URL a user or a caller gives: its user-info becomes the endpoint's
 * secret basic-auth header, so no state, label, message or log holds the password.
 */
export async function acceptEndpointUrl(url: string, keeper: CredentialKeeper): Promise<string> {
  const stored = storedEndpointUrl(url);
  const credentials = urlCredentials(url);
  if (credentials) await keeper.keepAuthorization(stored, basicAuthorization(credentials.username, credentials.password));
  return stored;
}
