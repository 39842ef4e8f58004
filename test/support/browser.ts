import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// Evaluated through the driver rather than added as a <script>, so it runs under the site's CSP and in
// contexts with JavaScript turned off (the no-JS journeys).
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let shared: Promise<Browser> | undefined;

/** One headless Chromium per test file (first launch is the slow part). */
export function browser(t: Pick<TestContext, 'after'>): Promise<Browser> {
  if (!shared) {
    shared = chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const launched = shared;
    t.after(async () => {
      await (await launched).close();
      shared = undefined;
    });
  }
  return shared;
}

/** Runs axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page; returns a readable list of violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
    });
    return result.violations.map(
      (v: { id: string; help: string; nodes: { target: string[] }[] }) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
  });
  return violations as string[];
}

function decodeBody(raw: string): string {
  const [head = '', ...rest] = raw.split('\n\n');
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  if (/content-transfer-encoding:\s*base64/i.test(head))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** The newest message in DATA_DIR/outbox sent to `to`, decoded; throws when there is none. */
export function latestMail(
  dataDir: string,
  to: string,
): { subject: string; text: string; link: string | undefined } {
  const dir = join(dataDir, 'outbox');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .reverse();
  for (const file of files) {
    const raw = readFileSync(join(dir, file), 'utf8');
    if (!new RegExp(`^To: .*${to.replace(/[.+]/g, '\\$&')}`, 'mi').test(raw)) continue;
    const text = decodeBody(raw);
    return {
      subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '',
      text,
      link: text.match(/https?:\/\/\S+/)?.[0],
    };
  }
  throw new Error(`No mail to ${to} in ${dir}`);
}
