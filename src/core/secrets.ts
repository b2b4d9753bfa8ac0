/**
 * What a credential looks like, and how one is kept out of anything shown or logged. The one place for these
 * rules: the transport's wire log, the extension's log, labels and messages all use them.
 */

/** Header names whose values are credentials. */
const SECRET_NAME = /authorization|cookie|token|secret|password|passwd|api[-_]?key|session|credential|signature/i;
/** Values that are credentials whatever the header is called. */
const SECRET_VALUE = /^(bearer|basic|digest|token|negotiate)\s+\S/i;
/** The user-info of an http(s) URL inside any text. */
const URL_USER_INFO = /(\bhttps?:\/\/)[^/\s@]*@/gi;

export function looksSecret(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || SECRET_VALUE.test(value.trim());
}

/** Headers as they may be logged: credential values replaced by `***`. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) masked[name] = looksSecret(name, value) ? '***' : value;
  return masked;
}

/** A URL as it may be stored, shown or logged: without its user-info (user name and password). */
export function urlWithoutCredentials(url: string): string {
  return url.replace(URL_USER_INFO, '$1');
}

/** The user name and password of a URL, decoded; undefined when it has none. */
export function urlCredentials(url: string): { username: string; password: string } | undefined {
  try {
    const parsed = new URL(url.trim());
    if (!parsed.username && !parsed.password) return undefined;
    return { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  } catch {
    return undefined;
  }
}

/** The `Authorization` value of basic auth. */
export function basicAuthorization(username: string, password: string): string {
  return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
}

/** Replaces each secret value, and the user-info of any URL, in a text by `***` (logs, messages). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text.replace(URL_USER_INFO, '$1***@');
  for (const secret of secrets) {
    // The whole value, and the credential alone after a scheme ("Bearer abc" → "abc"), which a server may echo.
    const credential = SECRET_VALUE.test(secret.trim()) ? secret.trim().split(/\s+/).slice(1).join(' ') : '';
    for (const part of [secret, credential]) {
      if (part.length >= 4) masked = masked.split(part).join('***'); // masking "ab" everywhere would only garble the log
    }
  }
  return masked;
}
