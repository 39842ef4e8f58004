import { type Config, ConfigError } from '../../config.ts';
import type { Db } from '../db/database.ts';
import { settleSetting, writeSetting } from './settings.ts';

/** A public URL in one spelling: no trailing slash, lower-case scheme and host, default port dropped. */
export function normalizePublicUrl(raw: string): string {
  return new URL(raw).href.replace(/\/$/, '');
}

/**
 * The configuration with the issuer every process shares. The first process to start stores its
 * public URL (PUBLIC_URL, else the one derived from PORT); every later process — server, worker or
 * CLI — signs with the stored one. A PUBLIC_URL that says otherwise stops start-up rather than
 * signing credentials under a second identity that the published DID document does not know.
 */
export async function resolveIssuer(db: Db, config: Config): Promise<Config> {
  const wanted = normalizePublicUrl(config.publicUrl);
  const stored = await settleSetting(db, 'issuer_url', wanted);
  if (config.publicUrlFromEnv && stored !== wanted) {
    throw new ConfigError(
      `PUBLIC_URL is ${wanted}, but this instance's credentials are issued as ${stored} (stored at its first start). ` +
        `Set PUBLIC_URL=${stored} (or unset it), or, if the platform has really moved, run ` +
        `"npm run praxis -- issuer set ${wanted}" once — credentials signed before then name the old issuer ` +
        'and verify only while it still serves its DID document.',
    );
  }
  return {
    ...config,
    publicUrl: stored,
    operatorUrl: config.operatorUrlFromEnv ? config.operatorUrl : stored,
  };
}

/** Moves the stored issuer on purpose (`npm run praxis -- issuer set URL`). */
export async function setIssuer(db: Db, publicUrl: string): Promise<string> {
  const value = normalizePublicUrl(publicUrl);
  await writeSetting(db, 'issuer_url', value);
  return value;
}
