/**
 * The call form: a method opened as a form built from its shape, with the result below it. The extension reaches
 * this folder on the first use of a form (require in extension.ts), so activation does not load it.
 */
export { CallForms, type CallFormDependencies } from './callForms';
