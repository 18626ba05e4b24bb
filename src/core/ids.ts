// Item ids are `PREFIX-XXXXX`: a project prefix and five random characters.
//
// Why random and not sequential: two branches that each take "the next number" after the local
// maximum both create BL-42, and the merge silently holds two different items with one id (the
// most reported problem with Backlog.md). Five characters from a 31-letter alphabet give 28.6M
// ids: two branches that each add 200 items collide with probability ~0.14%, and `check`
// reports and repairs a duplicate that reaches main anyway. Look-alike characters (0/O, 1/I/L)
// are left out so an id read off a screen or typed into `TODO(BL-7K3QM)` is unambiguous.

export const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ID_RANDOM_LENGTH = 5;

const ID_PATTERN = /^[A-Z][A-Z0-9]{0,9}-[0-9A-Z]{1,12}$/;
const PREFIX_PATTERN = /^[A-Z][A-Z0-9]{0,9}$/;

/** True for strings shaped like an item id (any prefix). */
export function isItemId(value: string): boolean {
  return ID_PATTERN.test(value);
}

export function isIdPrefix(value: string): boolean {
  return PREFIX_PATTERN.test(value);
}

/** Source of randomness; injectable so tests are deterministic. */
export type RandomInt = (maxExclusive: number) => number;

export const mathRandomInt: RandomInt = (max) => Math.floor(Math.random() * max);

/** Deterministic randomness (mulberry32): the same seed gives the same sequence on every machine (forecasts, property tests). */
export function seededRandomInt(seed: number): RandomInt {
  let a = seed >>> 0;
  return (max) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

/** A new id with `prefix` that is not in `taken`. */
export function newItemId(prefix: string, taken: { has(id: string): boolean }, random: RandomInt = mathRandomInt): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    let suffix = '';
    for (let i = 0; i < ID_RANDOM_LENGTH; i++) suffix += ID_ALPHABET[random(ID_ALPHABET.length)];
    const id = `${prefix}-${suffix}`;
    if (!taken.has(id)) return id;
  }
  throw new Error('Could not find a free item id after 1000 attempts; is the random source broken?');
}

/**
 * The one way an id typed by a person (`bl-393ua`, ` BL-393UA `) is matched to an item: ids are
 * upper case, so case and surrounding space do not matter. Every command and view uses this.
 */
export function normalizeItemId(typed: string): string {
  return typed.trim().toUpperCase();
}
