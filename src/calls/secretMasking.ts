/**
 * What a header value must never show up as in settings or logs. Pure: no `vscode` import.
 */

/** Header names whose values are credentials. */
const SECRET_NAME = /authorization|cookie|token|secret|password|passwd|api[-_]?key|session|credential|signature/i;
/** Values that are credentials whatever the header is called. */
const SECRET_VALUE = /^(bearer|basic|digest|token|negotiate)\s+\S/i;

export function looksSecret(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || SECRET_VALUE.test(value.trim());
}

/** Replaces each secret value (and basic-auth user-info in URLs) in a text by `***`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text.replace(/(\bhttps?:\/\/[^/\s:@]*:)[^/\s@]*@/gi, '$1***@');
  for (const secret of secrets) {
    // The whole value, and the credential alone after a scheme ("Bearer abc" → "abc"), which a server may echo.
    const credential = SECRET_VALUE.test(secret.trim()) ? secret.trim().split(/\s+/).slice(1).join(' ') : '';
    for (const part of [secret, credential]) {
      if (part.length >= 4) masked = masked.split(part).join('***'); // masking "ab" everywhere would only garble the log
    }
  }
  return masked;
}
