// A KV binding with some of its methods replaced, for the tests that watch or break what the Worker asks of KV. Each
// wrapper is also a cold isolate's view: the Worker keeps what it reads per binding.
type KvMethod = "get" | "put" | "delete" | "list" | "getWithMetadata";

export function wrapKv(base: KVNamespace, replace: Partial<Record<KvMethod, unknown>>): KVNamespace {
  return new Proxy(base, {
    get(target, prop) {
      if (typeof prop === "string" && prop in replace) return replace[prop as KvMethod];
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
