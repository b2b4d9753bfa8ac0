/**
 * `EXPECT NOTIFICATIONS <method> <count>`: at least <count> notifications named <method> arrive on the call's
 * WebSocket connection within its timeout after it is sent (those before the answer count too).
 */
import * as l10n from '@vscode/l10n';

export interface NotificationExpectation {
  method: string;
  count: number;
}

/** Reads what follows `EXPECT NOTIFICATIONS`; a string is the one-line problem. */
export function readNotificationExpectation(rest: string): NotificationExpectation | string {
  const words = rest.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length !== 2 || !/^\d+$/.test(words[1]) || Number(words[1]) < 1) {
    return l10n.t('EXPECT NOTIFICATIONS needs a method name and a count: EXPECT NOTIFICATIONS aria2.onDownloadComplete 1');
  }
  return { method: words[0], count: Number(words[1]) };
}

/** Whether an EXPECT line's text (after EXPECT) is a notifications expectation. */
export function isNotificationExpectation(text: string): boolean {
  return /^NOTIFICATIONS(\s|$)/.test(text);
}
