import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { newId } from '../ids.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Language of the message (Content-Language). */
  locale: string;
  /**
   * A stable identity for this message (the mail job's): the outbox file is named after it, and a
   * message already written is not written again; over SMTP it becomes the Message-ID.
   */
  id?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export interface MailerOptions {
  smtpUrl?: string | undefined;
  from: string;
  outboxDir: string;
  log: Pick<Logger, 'info'>;
}

/**
 * SMTP when configured; otherwise each message becomes an .eml file in the outbox, so an embedded
 * instance loses no mail and tests can read what was sent. Links are logged for the operator.
 */
export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(message) {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          headers: { 'Content-Language': message.locale },
          ...(message.id ? { messageId: `<${message.id}@praxis.mail>` } : {}),
        });
        options.log.info({ to: message.to, subject: message.subject }, 'mail sent');
      },
    };
  }
  mkdirSync(options.outboxDir, { recursive: true });
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const file = join(
        options.outboxDir,
        `${message.id ?? `${new Date().toISOString().replace(/[:.]/g, '-')}-${newId()}`}.eml`,
      );
      // Sent already (a job that ran again after its worker died between writing and finishing).
      if (message.id && existsSync(file)) return;
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        headers: { 'Content-Language': message.locale },
      });
      // Written whole under a temporary name, then renamed: a crash never leaves half a message.
      writeFileSync(`${file}.tmp`, info.message as Buffer);
      renameSync(`${file}.tmp`, file);
      const links = message.text.match(/https?:\/\/\S+/g) ?? [];
      options.log.info({ to: message.to, subject: message.subject, file, links }, 'mail written to outbox');
    },
  };
}
