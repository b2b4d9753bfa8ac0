import * as vscode from 'vscode';
import { parseArgumentList, type MethodInfo, type TypedValue } from '../core';
import type { Endpoint } from '../endpoints/endpointTypes';
import { firstHelpLine, formatSignatures, visibleMethods } from '../endpoints/methodNames';
import { argumentTemplateOf, methodShapeOf, paramList, signatureLinesOf, type MethodShape } from '../core/methodShape';

/** The method and argument steps of the Call flow (endpoint → method → arguments); the endpoint step is pickers.ts. */

interface MethodPickItem extends vscode.QuickPickItem {
  method: MethodInfo;
}

/**
 * Picks a method: signature and first help line as detail. A name that the server does not list can still be
 * typed and called (servers without introspection).
 */
export function pickMethod(endpoint: Endpoint, title: string): Promise<MethodInfo | undefined> {
  const methods = endpoint.state.status === 'ready' ? visibleMethods(endpoint.state.methods) : [];
  const items: MethodPickItem[] = methods.map((method) => {
    const signature = formatSignatures(method)[0];
    const help = firstHelpLine(method);
    return {
      label: method.name,
      description: method.origin === 'source' ? vscode.l10n.t('from source') : undefined,
      detail: [signature, help].filter(Boolean).join(' — ') || undefined,
      method,
    };
  });
  const quickPick = vscode.window.createQuickPick<MethodPickItem>();
  quickPick.title = title;
  quickPick.placeholder =
    endpoint.state.status === 'ready'
      ? vscode.l10n.t('Pick a method of {0}, or type a method name', methods.length)
      : vscode.l10n.t('Type the name of the method to call (the server did not list its methods)');
  quickPick.matchOnDetail = true;
  quickPick.items = items;
  return new Promise((resolve) => {
    let typed: MethodPickItem | undefined;
    quickPick.onDidChangeValue((value) => {
      const name = value.trim();
      const known = !name || methods.some((m) => m.name === name);
      typed = known ? undefined : { label: name, description: vscode.l10n.t('call this name'), alwaysShow: true, iconPath: new vscode.ThemeIcon('play'), method: { name, signatures: null, help: null } };
      quickPick.items = typed ? [typed, ...items] : items;
    });
    quickPick.onDidAccept(() => {
      const chosen = quickPick.selectedItems[0] ?? typed;
      resolve(chosen?.method);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}

/** What the server's source says about a method's arguments, for the argument box. */
export interface ArgumentsFromSource {
  /** The starting text: one typed JSON value per parameter (`"name", 42`). */
  template?: string;
  /** `sayHi(name: str) -> str`, as declared. */
  signature?: string;
  /** `server.py:12` */
  location?: string;
}

/** Selects the template's first value (inside the quotes of a string placeholder), so typing replaces just it. */
function firstValueSelection(template: string): [number, number] {
  const first = template.split(', ')[0];
  return first.length >= 2 && first.startsWith('"') && first.endsWith('"') ? [1, first.length - 1] : [0, first.length];
}

/** What the argument box resolves to: the arguments typed, or the wish to fill them in the call form instead. */
export type ArgumentsInput = { text: string; args: TypedValue[] } | { openForm: true; text: string };

/**
 * The argument box: typed JSON like a call's argument list, checked as you type (invalid input is flagged and
 * cannot be submitted). Its placeholder and template come from the method's shape. A button in the box opens the
 * call form instead. Resolves to the text and the parsed arguments, or undefined when dismissed.
 */
export async function inputArguments(
  method: MethodInfo,
  endpointLabel: string,
  lastArgs: string | undefined,
  fromSource?: ArgumentsFromSource,
  shape: MethodShape = methodShapeOf(method),
): Promise<ArgumentsInput | undefined> {
  const signatures = method.signatures?.length || !fromSource?.signature ? signatureLinesOf(shape) : [`${fromSource.signature} (${fromSource.location})`];
  const hint = shape.variants.length && (shape.variants[0].params.length || shape.variants[0].fixed) ? shape.variants.map(paramList).join(vscode.l10n.t(' or ')) : '';
  const example = argumentTemplateOf(shape) ?? '';
  const help = firstHelpLine(method);
  const prompt = [
    signatures.length ? signatures.join('  |  ') : `${method.name}(…)`,
    help,
    vscode.l10n.t('Arguments in typed JSON, comma-separated: {0}. Empty for none.', '"text", 42, {"$base64": "aGk="}'),
  ]
    .filter(Boolean)
    .join(' — ');
  const template = fromSource?.template ?? (shape.origin === 'source' ? example : undefined);
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('Call {0} on {1}', method.name, endpointLabel);
  box.prompt = prompt;
  box.placeholder = example ? `${hint}  ${vscode.l10n.t('e.g. {0}', example)}` : hint ? `${hint}` : vscode.l10n.t('e.g. {0} (empty: no arguments)', '"phyger", 42');
  // The last arguments typed win over the source's template.
  box.value = lastArgs ?? template ?? '';
  box.valueSelection = lastArgs ? [0, lastArgs.length] : template ? firstValueSelection(template) : undefined;
  box.ignoreFocusOut = true;
  const openForm: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('preview'), tooltip: vscode.l10n.t('Open in the Call Form') };
  box.buttons = [openForm];
  const validate = (value: string): vscode.InputBoxValidationMessage | undefined => {
    const parsed = parseArgumentList(value);
    if (!parsed.ok) return { message: vscode.l10n.t('Not valid typed JSON arguments: {0}', parsed.error), severity: vscode.InputBoxValidationSeverity.Error };
    const count = parsed.args.length;
    const expected = method.signatures?.map((s) => s.length - 1);
    if (expected?.length && !expected.includes(count)) {
      const takes = [...new Set(expected)].join(vscode.l10n.t(' or '));
      const message = count === 1 ? vscode.l10n.t('1 argument; the signature takes {0}', takes) : vscode.l10n.t('{0} arguments; the signature takes {1}', count, takes);
      return { message, severity: vscode.InputBoxValidationSeverity.Warning };
    }
    return undefined;
  };
  box.validationMessage = box.value ? validate(box.value) : undefined;
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: ArgumentsInput | undefined) => {
      if (done) return;
      done = true;
      resolve(result);
      box.hide();
    };
    box.onDidChangeValue((value) => (box.validationMessage = validate(value)));
    box.onDidTriggerButton((button) => {
      if (button === openForm) finish({ openForm: true, text: box.value });
    });
    box.onDidAccept(() => {
      const parsed = parseArgumentList(box.value);
      if (parsed.ok) finish({ text: box.value, args: parsed.args });
    });
    box.onDidHide(() => {
      finish(undefined);
      box.dispose();
    });
    box.show();
  });
}
