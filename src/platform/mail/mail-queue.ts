import type { Db } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Mailer, MailMessage } from './mailer.ts';

export const MAIL_JOB = 'mail';

export interface SendOptions {
  /** The transaction of the write that causes the mail, so both commit or neither does. */
  trx?: Db;
  /** An idempotency key: a second mail with the same key is not sent (e.g. one decision mail per case). */
  key?: string;
}

/** What modules send mail through: every message is a job, so it survives a crash and an SMTP outage. */
export interface OutgoingMail {
  send(message: MailMessage, options?: SendOptions): Promise<void>;
}

/**
 * Registers the mail job on `jobs` and returns the sender modules use. The job hands the message to
 * the transport (SMTP or the outbox); when SMTP fails the job is retried with backoff, so mail waits
 * in the queue until the server is back. The job's id names the message, so a job that runs again
 * after a crash does not write a second copy to the outbox.
 */
export function createMailQueue({ jobs, db, transport }: { jobs: JobQueue; db: Db; transport: Mailer }) {
  jobs.register<MailMessage>(MAIL_JOB, {
    async run(message, { job }) {
      await transport.send({ ...message, id: `${job.createdAt.replace(/[:.]/g, '-')}-${job.id}` });
    },
  });
  const outgoing: OutgoingMail = {
    async send(message, options = {}) {
      await jobs.enqueue(options.trx ?? db, MAIL_JOB, message, options.key ? { key: options.key } : {});
    },
  };
  return outgoing;
}
