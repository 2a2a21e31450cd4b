// Types for check-dist.js (plain JavaScript: the bin must run before anything is built).
export const kManifest: 'build-manifest.json';
/** What is wrong with `distDir` (`dist/...` paths), or undefined when it matches its manifest. */
export function checkDist(distDir: string, opts?: { notShipped?: boolean }): string | undefined;
