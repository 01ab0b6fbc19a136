// Grouping into a Map of lists and into power-of-two buckets, shared by the build and the pages.

/** Appends `value` to the list under `key`, starting one if there is none (without copying the list each time). */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The smallest power of two that is at least `n` (and at least 1): a bucket count a hash can be masked into. */
export const nextPowerOfTwo = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
