// Grouping into a Map of lists, shared by the build and the pages.

/** Appends `value` to the list under `key`, starting one if there is none (without copying the list each time). */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
