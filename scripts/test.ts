// The whole suite, as `npm test` runs it: type check, lint, then every test file on Node's runner.
// Browser suites need Chromium and PostgreSQL suites need TEST_DATABASE_URL; where either is missing
// this says so plainly, and with PRAXIS_REQUIRE_ALL=1 (CI) it fails instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const requireAll = process.env.PRAXIS_REQUIRE_ALL === '1';
const only = process.argv.slice(2);

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env });
  if (result.status !== 0) {
    process.stdout.write(`\n${label} failed.\n`);
    process.exit(result.status ?? 1);
  }
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') out.push(...testFiles(path));
    } else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(path);
  }
  return out;
}

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const skipped: string[] = [];
if (!process.env.TEST_DATABASE_URL) {
  skipped.push('PostgreSQL: TEST_DATABASE_URL is not set, so every engine test ran on SQLite only.');
}
const haveChromium = existsSync(chromium);
const havePdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
if (!havePdftotext)
  skipped.push('Certificate PDF text checks: no pdftotext (apt-get install poppler-utils).');
if (spawnSync('xmllint', ['--version']).error !== undefined)
  skipped.push('Common Cartridge schema validation: no xmllint (apt-get install libxml2-utils).');
if (!haveChromium)
  skipped.push(
    `Browser journeys: no Chromium at ${chromium} (set CHROMIUM_PATH or apt-get install chromium).`,
  );
if (skipped.length && requireAll) {
  process.stderr.write(`PRAXIS_REQUIRE_ALL=1 but:\n- ${skipped.join('\n- ')}\n`);
  process.exit(1);
}

const bin = (name: string) => join(root, 'node_modules', '.bin', name);
if (!only.length) {
  run('Type check (tsc)', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit']);
  run('Lint and format check (biome)', bin('biome'), ['check', '.']);
}

let files = only.length
  ? only
  : [...testFiles(join(root, 'src')), ...testFiles(join(root, 'test')), ...testFiles(join(root, 'content'))];
if (!haveChromium) files = files.filter((f) => !f.includes('/test/browser/'));
// The journeys and the PDF tests read certificate PDFs back with pdftotext.
if (!havePdftotext)
  files = files.filter(
    (f) => !f.includes('/test/browser/learner-journey') && !f.includes('/credentials/pdf/'),
  );
run(
  'Tests (node --test)',
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    '--test-reporter=spec',
    ...files,
  ],
  { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
);

if (skipped.length) process.stdout.write(`\nSkipped suites:\n- ${skipped.join('\n- ')}\n`);
