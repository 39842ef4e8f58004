import { writeFile } from 'node:fs/promises';
import { buildCartridge, defaultCartridgeLocale, embeddedCases } from './build-cartridge.ts';
import type { CartridgeDeps } from './routes.ts';

/**
 * `npm run praxis -- course export <slug> --format imscc --out <file> [--version N] [--locale L]`:
 * writes a version (the published one unless --version) as an IMS Common Cartridge 1.1 file.
 */
export async function exportCartridgeCommand(
  deps: CartridgeDeps,
  options: { slug: string; version?: string; locale?: string; out?: string },
  output: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): Promise<number> {
  const fail = (message: string) => {
    output.stderr.write(`${message}\n`);
    return 1;
  };
  const { slug, out } = options;
  if (!out) return fail('Usage: npm run praxis -- course export <slug> --format imscc --out <file.imscc>');
  const number = options.version === undefined ? undefined : Number(options.version);
  if (number !== undefined && !Number.isInteger(number)) return fail(`--version must be a number`);
  const course = await deps.courses.version(slug, number);
  if (!course)
    return fail(`No ${number === undefined ? 'published version' : `version ${number}`} of ${slug}`);
  const locale = options.locale ?? defaultCartridgeLocale(course.pkg);
  if (!course.pkg.languages.includes(locale)) {
    return fail(`${slug} is not available in "${locale}"; its languages: ${course.pkg.languages.join(', ')}`);
  }
  const cases = await embeddedCases(deps, course, locale);
  const cartridge = buildCartridge({ course, locale, publicUrl: deps.publicUrl, cases });
  await writeFile(out, cartridge.bytes);
  output.stdout.write(
    `${slug}: version ${course.number} (${locale}) written to ${out} as an IMS Common Cartridge 1.1 (${cartridge.bytes.length} bytes).\n`,
  );
  return 0;
}
