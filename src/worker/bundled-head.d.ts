// The head of the content version this Worker was built with: `dist/head.js`, written by the build, to which
// wrangler.toml's `alias` (and the tests' Vite config) map this name.
declare module "dispatch:head" {
  const head: string;
  export default head;
}
