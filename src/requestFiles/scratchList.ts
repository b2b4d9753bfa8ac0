/**
 * A list reused from read to read and copied out at its exact size. An array emptied with `length = 0` drops its
 * storage, and its next push allocates room for 17 items again: in a large file's parse that is garbage per
 * template. Here the storage stays and only the items are let go.
 */
import { keepShape } from '../core/keptShapes';

export class ScratchList<T> {
  private readonly slots: Array<T | undefined> = [];
  length = 0;

  push(item: T): void {
    this.slots[this.length++] = item;
  }

  at(index: number): T {
    return this.slots[index] as T;
  }

  /** The items as an array of their exact size (`empty` when there is none); the list is emptied. */
  take(empty: T[]): T[] {
    const taken = this.length === 0 ? empty : (this.slots.slice(0, this.length) as T[]);
    this.clear();
    return taken;
  }

  /** Empties the list, letting go of its items (a kept item would keep its whole file alive). */
  clear(): void {
    for (let k = 0; k < this.length; k++) this.slots[k] = undefined;
    this.length = 0;
  }
}

keepShape(new ScratchList<number>());
