import { hostname } from 'node:os';
import type { Db } from '../db/database.ts';
import type { Engine } from '../db/engine.ts';
import { newId, nowIso } from '../ids.ts';
import type { JobState, JobsTable } from './jobs-table.ts';

export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'dead'];

export interface JobContext {
  /** The database (not a transaction): a handler opens its own when its writes belong together. */
  db: Db;
  job: { id: string; kind: string; key: string; attempts: number; createdAt: string };
}

export interface JobHandler<P = unknown> {
  /**
   * Runs a job. It may run more than once for the same key (a worker killed after the work but before
   * the job was marked done), so it checks for its effect before repeating it.
   */
  run(payload: P, context: JobContext): Promise<void>;
}

export interface EnqueueOptions {
  /** The idempotency key, unique per kind; a new id when absent (no deduplication). */
  key?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export interface JobStats {
  byStateAndKind: { state: JobState; kind: string; count: number }[];
  /** Seconds the oldest due job has been waiting; 0 when nothing is waiting. */
  oldestQueuedSeconds: number;
  /** The latest jobs that failed at least once (still retrying, or dead), newest first. */
  recentFailures: FailedJob[];
}

export interface FailedJob {
  id: string;
  kind: string;
  key: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError: string;
  runAt: string;
  updatedAt: string;
}

export interface QueueOptions {
  db: Db;
  engine: Engine;
  log?: { error(details: object, message: string): void; warn?(details: object, message: string): void };
  /** First retry delay; each later one doubles, up to maxBackoffMs (default 10 s and 1 h). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /**
   * How long a claim lasts before another worker may take the job over, when its worker died
   * (default 5 minutes: longer than any job here takes).
   */
  leaseMs?: number;
  /** How often an idle worker looks for due work (default 1 s). */
  pollMs?: number;
  /** Done jobs are kept this long for the admin page, then deleted (default 7 days). */
  keepDoneMs?: number;
}

type Row = JobsTable;

const DEFAULT_MAX_ATTEMPTS = 8;
const DEFAULT_LEASE_MS = 5 * 60_000;

/** Full-range jitter over the upper half, so retries from many failures do not arrive together. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}

/**
 * Adds a job inside the caller's transaction (or on the database when the cause has no transaction),
 * so it commits or rolls back with the write that causes it. A duplicate (kind, key) is a no-op.
 */
export async function enqueue(
  trx: Db,
  kind: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<void> {
  const now = nowIso();
  await trx
    .insertInto('jobs')
    .values({
      id: newId(),
      kind,
      key: options.key ?? newId(),
      payload: JSON.stringify(payload ?? null),
      state: 'queued',
      attempts: 0,
      max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      run_at: nowIso(options.runAt ?? new Date()),
      last_error: null,
      locked_by: null,
      locked_until: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })
    .onConflict((oc) => oc.columns(['kind', 'key']).doNothing())
    .execute();
}

export function createJobQueue(options: QueueOptions) {
  const { db, engine } = options;
  const backoffMs = options.backoffMs ?? 10_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const keepDoneMs = options.keepDoneMs ?? 7 * 24 * 60 * 60_000;
  const handlers = new Map<string, JobHandler>();
  const recurring: { kind: string; everyMs: number; payload: unknown }[] = [];
  const workerId = `${hostname()}:${process.pid}:${newId().slice(-6)}`;

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let lastCleanup = 0;

  /**
   * Takes one due job (or one whose lease ran out) and marks it running, in a single statement: on
   * PostgreSQL the candidate row is locked with FOR UPDATE SKIP LOCKED, so concurrent workers on
   * several nodes each get a different job; SQLite has one writer at a time, so the statement alone is
   * the claim.
   */
  async function claim(worker: string): Promise<Row | undefined> {
    const kinds = [...handlers.keys()];
    if (kinds.length === 0) return undefined;
    const now = new Date();
    const nowText = nowIso(now);
    let candidate = db
      .selectFrom('jobs')
      .select('id')
      .where('kind', 'in', kinds)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', nowText)]),
          eb.and([eb('state', '=', 'running'), eb('locked_until', '<', nowText)]),
        ]),
      )
      .orderBy('run_at')
      .limit(1);
    if (engine === 'postgres') candidate = candidate.forUpdate().skipLocked();
    const claimed = await db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        attempts: eb('attempts', '+', 1),
        locked_by: worker,
        locked_until: nowIso(new Date(now.getTime() + leaseMs)),
        updated_at: nowText,
      }))
      .where('id', '=', candidate)
      .returningAll()
      .executeTakeFirst();
    return claimed;
  }

  /** Marks the outcome, unless another worker took the job over after this one's lease ran out. */
  async function finish(job: Row, worker: string, error: unknown): Promise<void> {
    const now = new Date();
    const mine = (query: ReturnType<typeof update>) =>
      query.where('id', '=', job.id).where('locked_by', '=', worker).where('state', '=', 'running');
    const update = () => db.updateTable('jobs');
    if (error === undefined) {
      await mine(
        update().set({
          state: 'done',
          locked_by: null,
          locked_until: null,
          updated_at: nowIso(now),
          finished_at: nowIso(now),
        }),
      ).execute();
      return;
    }
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000) || 'error';
    const dead = job.attempts >= job.max_attempts;
    const runAt = dead
      ? job.run_at
      : nowIso(new Date(now.getTime() + backoffDelay(job.attempts, backoffMs, maxBackoffMs)));
    await mine(
      update().set({
        state: dead ? 'dead' : 'queued',
        last_error: message,
        run_at: runAt,
        locked_by: null,
        locked_until: null,
        updated_at: nowIso(now),
        finished_at: dead ? nowIso(now) : null,
      }),
    ).execute();
    options.log?.error(
      { job: job.id, kind: job.kind, attempts: job.attempts, dead, err: message },
      dead ? 'job failed for the last time: dead' : 'job failed; will retry',
    );
  }

  async function runOne(worker: string): Promise<boolean> {
    const job = await claim(worker);
    if (!job) return false;
    const handler = handlers.get(job.kind);
    // A job reclaimed after its lease ran out may have used up its attempts already.
    if (!handler || job.attempts > job.max_attempts) {
      await finish(
        { ...job, attempts: job.max_attempts },
        worker,
        new Error(
          handler ? 'the worker stopped before finishing (lease expired)' : `no handler for ${job.kind}`,
        ),
      );
      return true;
    }
    let error: unknown;
    try {
      await handler.run(JSON.parse(job.payload), {
        db,
        job: { id: job.id, kind: job.kind, key: job.key, attempts: job.attempts, createdAt: job.created_at },
      });
    } catch (caught) {
      error = caught ?? new Error('job failed');
    }
    await finish(job, worker, error);
    return true;
  }

  /** Enqueues this period's run of each recurring job; the key makes it once per period across nodes. */
  async function schedule(): Promise<void> {
    const now = Date.now();
    for (const { kind, everyMs, payload } of recurring) {
      const period = Math.floor(now / everyMs);
      await enqueue(db, kind, payload, {
        key: `every-${everyMs}-${period}`,
        runAt: new Date(period * everyMs),
        maxAttempts: 3,
      });
    }
    if (now - lastCleanup > 10 * 60_000) {
      lastCleanup = now;
      await db
        .deleteFrom('jobs')
        .where('state', '=', 'done')
        .where('finished_at', '<', nowIso(new Date(now - keepDoneMs)))
        .execute();
    }
  }

  async function work(): Promise<void> {
    while (running) {
      try {
        await schedule();
        while (running && (await runOne(workerId))) {}
      } catch (error) {
        options.log?.error({ err: error }, 'job worker could not reach the queue; trying again');
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    workerId,

    /** Registers the handler for a kind; only registered kinds are claimed by this process. */
    register<P>(kind: string, handler: JobHandler<P>): void {
      handlers.set(kind, handler as JobHandler);
    },

    /** Runs `kind` every `everyMs` (once per period across every node sharing the database). */
    every(kind: string, everyMs: number, payload: unknown = null): void {
      recurring.push({ kind, everyMs, payload });
    },

    enqueue: (trx: Db, kind: string, payload: unknown, enqueueOptions?: EnqueueOptions) =>
      enqueue(trx, kind, payload, enqueueOptions),

    /** Starts this process's worker: it polls for due jobs and enqueues the recurring ones. */
    start(): void {
      if (running) return;
      running = true;
      loop = work();
    },

    /** Stops claiming; the job in hand finishes first. */
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      loop = undefined;
    },

    /** Looks for work now instead of at the next poll (after a commit that enqueued some). */
    poke(): void {
      wake?.();
    },

    /**
     * Runs every job that is due now, one after another, until none is (failures are recorded and
     * retried later, not thrown). For one-shot CLI commands and tests.
     */
    async drain(): Promise<number> {
      let ran = 0;
      while (await runOne(`${workerId}:drain`)) ran++;
      return ran;
    },

    claim,
    runOne,
    schedule,

    /** Makes a failed or dead job due now, with its attempts counted afresh. */
    async retryNow(id: string): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set({ state: 'queued', attempts: 0, run_at: nowIso(), finished_at: null, updated_at: nowIso() })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb('state', '=', 'dead'),
            eb.and([eb('state', '=', 'queued'), eb('last_error', 'is not', null)]),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Counts per state and kind, the oldest due job's wait, and recent failures (for the admin page and metrics). */
    async stats(limit = 20): Promise<JobStats> {
      const now = nowIso();
      const counts = await db
        .selectFrom('jobs')
        .select(['state', 'kind', db.fn.countAll<number>().as('count')])
        .groupBy(['state', 'kind'])
        .orderBy('kind')
        .orderBy('state')
        .execute();
      const oldest = await db
        .selectFrom('jobs')
        .select(db.fn.min('run_at').as('run_at'))
        .where('state', '=', 'queued')
        .where('run_at', '<=', now)
        .executeTakeFirst();
      const failures = await db
        .selectFrom('jobs')
        .selectAll()
        .where('last_error', 'is not', null)
        .where('state', 'in', ['queued', 'dead'])
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute();
      const oldestAt = oldest?.run_at ? Date.parse(String(oldest.run_at)) : undefined;
      return {
        byStateAndKind: counts.map((c) => ({ state: c.state, kind: c.kind, count: Number(c.count) })),
        oldestQueuedSeconds: oldestAt ? Math.max(0, Math.floor((Date.now() - oldestAt) / 1000)) : 0,
        recentFailures: failures.map((j) => ({
          id: j.id,
          kind: j.kind,
          key: j.key,
          state: j.state,
          attempts: j.attempts,
          maxAttempts: j.max_attempts,
          lastError: j.last_error ?? '',
          runAt: j.run_at,
          updatedAt: j.updated_at,
        })),
      };
    },
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;
