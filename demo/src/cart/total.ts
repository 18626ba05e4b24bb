import type { CartLine } from './types';

export function cartTotal(lines: readonly CartLine[]): number {
  // TODO: memoise per cart version; this runs on every render of the cart drawer
  let total = 0;
  for (const line of lines) {
    total += line.unitPrice * Number(line.quantity); // FIXME: quantity is a string, 100+ breaks
  }
  return Math.round(total * 100) / 100;
}
