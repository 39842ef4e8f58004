import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Engine } from '../../src/platform/db/engine.ts';
import type { Mailer, MailMessage } from '../../src/platform/mail/mailer.ts';
import { createTestDatabase } from './engines.ts';

export interface TestApp {
  app: FastifyInstance;
  /** Every message the app sent, newest last. */
  outbox: MailMessage[];
  dataDir: string;
  /** Another app on the same database and data directory: a second worker process or node. */
  anotherNode(): Promise<FastifyInstance>;
  /** Runs every due job now (what a direct service call enqueued); returns how many ran. */
  drain(): Promise<number>;
  /** While down, the mail transport fails as an unreachable SMTP server does. */
  mailDown(down: boolean): void;
}

/** Boots the whole app on a fresh database of `engine`; torn down when the test ends. */
export async function buildTestApp(
  t: Pick<TestContext, 'after'>,
  engine: Engine,
  options: Partial<Omit<AppOptions, 'config' | 'database' | 'mailer'>> & {
    env?: Record<string, string>;
    /** Write mail to DATA_DIR/outbox as .eml files, as an embedded instance does, instead of memory. */
    fileOutbox?: boolean;
  } = {},
): Promise<TestApp> {
  const { database, dataDir, dispose, reopen } = await createTestDatabase(engine);
  const outbox: MailMessage[] = [];
  let down = false;
  const mailer: Mailer = {
    async send(message) {
      if (down) throw new Error('SMTP unavailable: connection refused');
      outbox.push(message);
    },
  };
  const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://praxis.test', ...options.env });
  const { env: _env, fileOutbox, ...rest } = options;
  // Jobs (mail, certificates) run before each response is sent, so a test reads what a request
  // caused as soon as its response arrives; after calling a service directly, `drain()`.
  const app = await buildApp({
    config,
    database,
    mailer: fileOutbox ? undefined : mailer,
    logger: false,
    jobs: 'inline',
    ...rest,
  });
  const others: FastifyInstance[] = [];
  t.after(async () => {
    for (const other of others) await other.close();
    await app.close();
    await dispose();
  });
  const anotherNode = async () => {
    const second = reopen();
    const other = await buildApp({
      config,
      database: second,
      mailer,
      logger: false,
      jobs: 'inline',
      ...rest,
    });
    other.addHook('onClose', () => second.close());
    others.push(other);
    return other;
  };
  return {
    app,
    outbox,
    dataDir,
    anotherNode,
    drain: () => app.services.jobs.drain(),
    mailDown: (value) => {
      down = value;
    },
  };
}

/** The first link in a message. */
export function linkIn(message: MailMessage | undefined): string {
  const match = message?.text.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`No link in message: ${message?.subject}`);
  return new URL(match[0]).pathname;
}
