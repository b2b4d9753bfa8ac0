import type * as vscode from 'vscode';
import { acceptEndpointUrl, type CredentialKeeper } from '../endpoints/endpointCredentials';
import { once } from '../lazy/once';
import type { CallFormDependencies, CallForms } from './index';

/** Opens (or focuses) a method's form; a URL with user-info gives its credentials to SecretStorage first. */
export type OpenCallForm = (url: string, method: string, argsText?: string) => Promise<CallForms>;

/** The call forms (src/callForm, a chunk loaded with the first form opened): a method opened from the tree opens its form. */
export function callFormsOnUse(subscriptions: vscode.Disposable[], deps: CallFormDependencies & { credentials: CredentialKeeper }): OpenCallForm {
  const forms = once(() => {
    const loaded = new (require('./index') as typeof import('./index')).CallForms(deps);
    subscriptions.push(loaded);
    return loaded;
  });
  return async (url, method, argsText) => {
    await forms().open(await acceptEndpointUrl(url, deps.credentials), method, argsText);
    return forms();
  };
}
