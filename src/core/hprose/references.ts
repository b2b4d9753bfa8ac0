/**
 * The reference slots of one hprose body (`r<index>;` refers back to a value read before), and the budget that keeps
 * references from expanding it without bound: a few bytes of `r0;` can otherwise stand for gigabytes of JSON.
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';
import type { TypedValue } from '../types';

export class HproseReferences {
  private values: TypedValue[] = [];
  /** Expanded size (members + characters) of each slot, for the expansion budget. */
  private weights: number[] = [];
  /** Slots of containers still being read (a reference to one is a cycle). */
  private readonly open = new Set<number>();
  /** Members and characters produced so far, references expanded. */
  private units = 0;
  private readonly budget: number;

  constructor(bodyLength: number) {
    // Plain values cost at most about one unit per input byte; only references can exceed this.
    this.budget = Math.max(1_000_000, bodyLength * 4);
  }

  /** Members and characters produced so far: a value's weight is the difference across its reading. */
  get produced(): number {
    return this.units;
  }

  get count(): number {
    return this.values.length;
  }

  reset(): void {
    this.values = [];
    this.weights = [];
    this.open.clear();
  }

  addUnits(n: number): void {
    this.units += n;
    if (this.units > this.budget) {
      throw new RpcError('too-large', l10n.t('hprose: the response expands (through references) beyond {0} values', this.budget));
    }
  }

  /** A new slot for `value`, of `weight` (a container's is set when it is closed). */
  add(value: TypedValue, weight = 1): number {
    this.values.push(value);
    this.weights.push(weight);
    return this.values.length - 1;
  }

  /** A container's slot while its members are read: a reference to it then is a cycle. */
  openSlot(slot: number): void {
    this.open.add(slot);
  }

  closeSlot(slot: number, weight: number): void {
    this.open.delete(slot);
    this.weights[slot] = weight;
  }

  /** The value of a known slot, its weight counted; a container still open (a cycle) becomes {"$ref": index}. */
  take(index: number): TypedValue {
    if (this.open.has(index)) {
      this.addUnits(1);
      return { $ref: index };
    }
    this.addUnits(this.weights[index]);
    return this.values[index];
  }
}
