// Compiles the platform into one ES module, dist/main.js, so `npm start` runs JavaScript without
// transpiling at start. npm's prepare step runs it at install; `--if-stale` (before start and the CLI)
// rebuilds only when a source file is newer than the bundle, so edited sources are never served stale.
// Packages stay external: node_modules is resolved at run time as for the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist/main.js');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (!entry.name.includes('.test.')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

function stale(): boolean {
  if (!existsSync(out)) return true;
  const sources = Math.max(
    newest(join(root, 'src')),
    ...['package.json', 'tsconfig.json'].map((f) => statSync(join(root, f)).mtimeMs),
  );
  return sources > statSync(out).mtimeMs;
}

if (!process.argv.includes('--if-stale') || stale()) {
  const started = performance.now();
  await build({
    entryPoints: [join(root, 'src/main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  process.stderr.write(`Built dist/main.js in ${Math.round(performance.now() - started)} ms\n`);
}
