/** What the tree, the hovers and the argument templates say about a method: all read from its MethodShape. */
import type { TypedValue } from '../types';
import { shapeTypeName } from './build';
import { argumentListText, templateValue } from './formValues';
import type { CallVariant, MethodShape } from './shape';

/** The tree's compact description: `(room: "red" | "blue", nights: integer, guest: {name, vip?}) → string +1`. */
export function compactSignature(shape: MethodShape): string {
  const first = shape.variants[0];
  if (!first || (first.params.length === 0 && !first.fixed)) return '';
  const more = shape.variants.length > 1 ? ` +${shape.variants.length - 1}` : '';
  return `${paramList(first)}${first.returns ? ` → ${first.returns}` : ''}${more}`;
}

/** `(a: number, b?: number)`, with `…` when more arguments may follow. */
export function paramList(variant: CallVariant): string {
  const params = variant.params.map((p) => {
    const type = p.shape.kind === 'any' ? '' : `: ${shapeTypeName(p.shape)}`;
    return `${p.name}${p.required ? '' : '?'}${type}`;
  });
  if (!variant.fixed) params.push('…');
  return `(${params.join(', ')})`;
}

/** One line per call variant: `book(room: "red" | "blue", nights: integer) → string`. */
export function signatureLinesOf(shape: MethodShape): string[] {
  return shape.variants.filter((v) => v.params.length > 0 || v.fixed).map((v) => `${shape.name}${paramList(v)}${v.returns ? ` → ${v.returns}` : ''}`);
}

/** The template values of a variant's parameters (required ones, and optional ones with a default). */
export function templateValues(variant: CallVariant): { name: string; value: TypedValue }[] {
  return variant.params.map((p) => ({ name: p.name, value: templateValue(p.shape, p.name) }));
}

/** The argument box's / a request file's starting text of a method; undefined when nothing says what it takes. */
export function argumentTemplateOf(shape: MethodShape, variantIndex = 0): string | undefined {
  const variant = shape.variants[variantIndex];
  if (!variant || (variant.params.length === 0 && !variant.fixed)) return undefined;
  return argumentListText(templateValues(variant).map((t) => t.value));
}

/** Where the types came from, for the form's header: the origin's words are the caller's (localized there). */
export function originLabel(shape: MethodShape): { origin: MethodShape['origin']; location?: string } {
  return { origin: shape.origin, ...(shape.location ? { location: shape.location } : {}) };
}
