import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { sendDigests } from './community/digest.ts';
import { ConfigError, loadConfig } from './config.ts';
import { importBundledCourses } from './courses/bundled.ts';
import { exportCartridgeCommand } from './courses/cartridge/export-command.ts';
import { formatProblems } from './courses/package/check-cli.ts';
import { readPackage } from './courses/package/read-package.ts';
import { writePackage } from './courses/package/write-package.ts';
import { didWebFromUrl, loadOrCreateKeys } from './credentials/ob3/issuer-keys.ts';
import { seedDemo } from './demo.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './identity/passwords.ts';
import { type Db, openDatabase } from './platform/db/database.ts';
import { isLocale } from './platform/i18n/locales.ts';
import { resolveIssuer, setIssuer } from './platform/settings/issuer.ts';
import { ROLES, type Role } from './platform/views/page-context.ts';

const USAGE = `Usage: npm run praxis -- <command>

Commands:
  serve                         run the web platform (PORT, HOST, DATA_DIR, DATABASE_URL, …)
  migrate                       apply pending database migrations and exit
  user add --email E --name N --role R [--password-stdin] [--locale L]
                                create a verified account; without --password-stdin, print a
                                one-time link for the person to set their password
  user role --email E --role R [--remove]
                                grant (or remove) a role: ${ROLES.join(', ')}
  demo                          add fictional demo accounts (admin, author, reviewer, moderator,
                                a learner partway through the flagship course and one who finished
                                it) and print them with their password
  community digest              mail each opted-in person a digest of discussion replies they have
                                not read, now (the server's job queue also does it daily)
  credentials rotate-key        start signing new certificates with a new Ed25519 key; earlier keys
                                stay published, so earlier certificates still verify
  issuer show                   print the issuer URL and did:web every process signs with (stored at
                                first start from PUBLIC_URL, else from PORT)
  issuer set <url>              move the issuer on purpose (then set PUBLIC_URL to it everywhere)
  course check <dir>            report every problem in a course package (file:line: message)
  course import <dir> [--publish]
                                import a package as a new version (all or nothing; unchanged
                                packages are left as they are)
  course publish <slug> <version>
                                make a version the one learners see
  transparency rollup [--full]  recompute the public statistics now (the server's job queue also
                                does it every 10 minutes); --full recomputes every day
  peer-review settle            grade the peer-reviewed reflections that fell due (the server's job
                                queue also does it every 15 minutes)
  course export <slug> <dir> [--version N]
                                write a version (default: the published one) back as files
  course export <slug> --format imscc --out <file.imscc> [--version N] [--locale L]
                                write a version as an IMS Common Cartridge 1.1 for Moodle, Canvas
                                and other learning platforms (default language: English)
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Opens the database, migrated, for a command that needs no web app; closed afterwards. */
async function withDatabase<T>(
  config: ReturnType<typeof loadConfig>,
  work: (db: Db) => Promise<T>,
): Promise<T> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    return await work(database.db);
  } finally {
    await database.close();
  }
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

export async function cli(argv: string[]): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(`Configuration error: ${error.message}`);
    throw error;
  }
  try {
    return await run(config, argv);
  } catch (error) {
    // Also raised once the database is open, e.g. a PUBLIC_URL that differs from the stored issuer.
    if (error instanceof ConfigError) return fail(`Configuration error: ${error.message}`);
    throw error;
  }
}

async function run(config: ReturnType<typeof loadConfig>, argv: string[]): Promise<number> {
  const [command, sub] = argv;
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const database = openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        sqliteSynchronous: config.sqliteSynchronous,
      });
      try {
        const applied = await database.migrate();
        process.stdout.write(
          applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n',
        );
        return 0;
      } finally {
        await database.close();
      }
    }
    case 'user':
      return user(config, sub, argv.slice(2));
    case 'course':
      return course(config, sub, argv.slice(2));
    case 'community': {
      if (sub !== 'digest') return fail(`Unknown community command "${sub ?? ''}".\n\n${USAGE}`);
      const app = await buildApp({ config, logger: false, jobs: 'off' });
      try {
        const { community, mailer, jobs, database } = app.services;
        const sent = await sendDigests({
          community,
          mailer,
          publicUrl: app.praxisConfig.publicUrl,
          db: database.db,
        });
        await jobs.drain();
        process.stdout.write(`Digests sent: ${sent}\n`);
        return 0;
      } finally {
        await app.close();
      }
    }
    case 'credentials': {
      if (sub !== 'rotate-key') return fail(`Unknown credentials command "${sub ?? ''}".\n\n${USAGE}`);
      const { publicUrl } = await withDatabase(config, (db) => resolveIssuer(db, config));
      const keyring = await loadOrCreateKeys(config.dataDir, publicUrl);
      const key = await keyring.rotateKey();
      process.stdout.write(
        `New signing key ${key.id}; ${keyring.keys.length} keys published in the DID document.\n`,
      );
      return 0;
    }
    case 'issuer': {
      if (sub === 'show') {
        const resolved = await withDatabase(config, (db) => resolveIssuer(db, config));
        process.stdout.write(`${resolved.publicUrl} (${didWebFromUrl(resolved.publicUrl)})\n`);
        return 0;
      }
      if (sub !== 'set' || !argv[2])
        return fail(`Usage: npm run praxis -- issuer show | issuer set <url>\n\n${USAGE}`);
      let value: string;
      try {
        value = new URL(argv[2]).href;
      } catch {
        return fail(`"${argv[2]}" is not a URL`);
      }
      if (!/^https?:/.test(value)) return fail('The issuer URL must use http or https');
      const stored = await withDatabase(config, (db) => setIssuer(db, value));
      process.stdout.write(
        `Credentials are now issued as ${stored} (${didWebFromUrl(stored)}); set PUBLIC_URL=${stored} and restart every process.\n`,
      );
      return 0;
    }
    case 'transparency': {
      if (sub !== 'rollup') return fail(`Unknown transparency command "${sub ?? ''}".\n\n${USAGE}`);
      const app = await buildApp({ config, logger: false, jobs: 'off' });
      try {
        const result = await app.services.transparency.rollup({ full: argv.includes('--full') });
        process.stdout.write(
          `Statistics rolled up (${result.full ? 'full' : `from ${result.from}`}) in ${result.ms} ms.\n`,
        );
        return 0;
      } finally {
        await app.close();
      }
    }
    case 'peer-review': {
      if (sub !== 'settle') return fail(`Unknown peer-review command "${sub ?? ''}".\n\n${USAGE}`);
      const app = await buildApp({ config, logger: false, jobs: 'off' });
      try {
        const settled = await app.services.peerReview.settleAllDue();
        // Completions that the grades brought about: their certificates are issued now.
        await app.services.jobs.drain();
        process.stdout.write(`Peer grades settled: ${settled}\n`);
        return 0;
      } finally {
        await app.close();
      }
    }
    case 'demo': {
      const app = await buildApp({ config, logger: false, jobs: 'off' });
      try {
        await importBundledCourses(app.services.courses, {
          info() {},
          error(_details, m) {
            process.stderr.write(`${m}\n`);
          },
        });
        const summary = await seedDemo(app);
        // The finished learner's certificate and the demo accounts' mail.
        await app.services.jobs.drain();
        process.stdout.write(summary);
        return 0;
      } finally {
        await app.close();
      }
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      return fail(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

async function serve(config: ReturnType<typeof loadConfig>): Promise<number> {
  if (config.workers > 1 && cluster.isPrimary) {
    // One machine uses all its cores: the primary migrates once, then forks workers that share the port.
    // The primary serves no requests and runs no jobs; every worker runs the job queue, which hands
    // each job (recurring ones included) to one of them.
    const app = await buildApp({ config, jobs: 'off' });
    await importBundledCourses(app.services.courses, app.log);
    await app.ready();
    for (let i = 0; i < config.workers; i++) cluster.fork();
    cluster.on('exit', (worker, code) => {
      if (code !== 0 && !worker.exitedAfterDisconnect) cluster.fork();
    });
    const stop = async () => {
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      const exited = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
      for (const worker of workers) worker.kill('SIGTERM');
      await Promise.all([app.close(), ...exited]);
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop());
    process.once('SIGINT', () => void stop());
    return await new Promise<number>(() => {});
  }
  const started = performance.now();
  const app = await buildApp({ config });
  await importBundledCourses(app.services.courses, app.log);
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close('SIGTERM'));
  process.once('SIGINT', () => void close('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { url: app.praxisConfig.publicUrl, ms: Math.round(performance.now() - started) },
    'Praxis is ready',
  );
  return await new Promise<number>(() => {});
}

async function user(
  config: ReturnType<typeof loadConfig>,
  sub: string | undefined,
  rest: string[],
): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      locale: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      remove: { type: 'boolean' },
    },
    strict: true,
  });
  const roles = (values.role ?? []) as string[];
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length) return fail(`Unknown role "${unknown[0]}". Roles: ${ROLES.join(', ')}`);
  if (!values.email) return fail('--email is required');

  const app = await buildApp({ config, logger: false, jobs: 'off' });
  try {
    const { identity } = app.services;
    if (sub === 'add') {
      if (!values.name) return fail('--name is required');
      if (values.locale && !isLocale(values.locale)) return fail(`Unknown locale "${values.locale}"`);
      let password: string | undefined;
      if (values['password-stdin']) {
        password = await readStdin();
        if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
          return fail(`The password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`);
        }
      }
      const result = await identity.addUser({
        email: values.email,
        name: values.name,
        roles: roles as Role[],
        password,
        locale: isLocale(values.locale) ? values.locale : undefined,
      });
      process.stdout.write(`Created ${values.email} (${['learner', ...roles].join(', ')}).\n`);
      if (result.setPasswordLink)
        process.stdout.write(`Set-password link (valid 7 days): ${result.setPasswordLink}\n`);
      return 0;
    }
    if (sub === 'role') {
      const target = await identity.findByEmail(values.email);
      if (!target) return fail(`No account with the email ${values.email}`);
      if (!roles.length) return fail('--role is required');
      const current = new Set(await identity.rolesOf(target.id));
      for (const role of roles as Role[]) {
        if (values.remove) current.delete(role);
        else current.add(role);
      }
      await identity.setRoles(null, target.id, [...current]);
      process.stdout.write(`${values.email}: ${[...current].join(', ') || '(no roles)'}\n`);
      return 0;
    }
    return fail(`Unknown user command "${sub ?? ''}".\n\n${USAGE}`);
  } catch (error) {
    return fail((error as Error).message);
  } finally {
    await app.services.jobs.drain();
    await app.close();
  }
}

async function course(
  config: ReturnType<typeof loadConfig>,
  sub: string | undefined,
  rest: string[],
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      publish: { type: 'boolean' },
      version: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      locale: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (sub === 'check' || sub === 'import') {
    const dir = positionals[0];
    if (!dir) return fail(`Usage: npm run praxis -- course ${sub} <dir>`);
    const { pkg, problems } = await readPackage(dir);
    if (!pkg || problems.length) {
      process.stderr.write(`${formatProblems(problems)}\n${problems.length} problem(s); nothing imported.\n`);
      return 1;
    }
    if (sub === 'check') {
      process.stdout.write(
        `${pkg.slug}: no problems (${pkg.modules.length} modules, ${pkg.modules.flatMap((m) => m.units).length} units).\n`,
      );
      return 0;
    }
    const app = await buildApp({ config, logger: false, jobs: 'off' });
    try {
      const result = await app.services.courses.importPackage(pkg, { publish: values.publish ?? false });
      const what =
        result.status === 'created'
          ? `imported as version ${result.version}`
          : `unchanged (version ${result.version})`;
      process.stdout.write(`${pkg.slug}: ${what}${result.published ? ', published' : ''}.\n`);
      return 0;
    } finally {
      await app.close();
    }
  }
  if (sub === 'publish' || sub === 'export') {
    const [slug, target] = positionals;
    if (!slug)
      return fail(
        `Usage: npm run praxis -- course ${sub} <slug> ${sub === 'publish' ? '<version>' : '<dir>'}`,
      );
    const app = await buildApp({ config, logger: false, jobs: 'off' });
    try {
      if (sub === 'publish') {
        const number = Number(target);
        if (!Number.isInteger(number) || !(await app.services.courses.publish(slug, number))) {
          return fail(`No version ${target ?? ''} of ${slug}`);
        }
        process.stdout.write(`${slug}: version ${number} published.\n`);
        return 0;
      }
      if (values.format === 'imscc') {
        const { courses, library } = app.services;
        const deps = {
          courses,
          findCase: (id: string) => library.get(id),
          publicUrl: app.praxisConfig.publicUrl,
        };
        const { version, locale, out = target } = values;
        return await exportCartridgeCommand(deps, { slug, version, locale, out });
      }
      if (values.format !== undefined) return fail(`Unknown export format "${values.format}" (imscc)`);
      if (!target) return fail('Usage: npm run praxis -- course export <slug> <dir>');
      const number = values.version === undefined ? undefined : Number(values.version);
      const version = await app.services.courses.version(slug, number);
      if (!version)
        return fail(`No ${number === undefined ? 'published version' : `version ${number}`} of ${slug}`);
      await writePackage(version.pkg, target);
      process.stdout.write(`${slug}: version ${version.number} written to ${target}.\n`);
      return 0;
    } finally {
      await app.close();
    }
  }
  return fail(`Unknown course command "${sub ?? ''}".\n\n${USAGE}`);
}
