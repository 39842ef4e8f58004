import { isLocale, type Locale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import type { MailMessage } from '../platform/mail/mailer.ts';
import { inLocale, type Localized } from './localized.ts';
import { TEXT_SECTIONS } from './submission-fields.ts';
import type { Submission } from './submissions.ts';

function localeOf(value: string): Locale {
  return isLocale(value) ? value : 'en';
}

/** The confirmation, with a full copy of what was submitted, in the submitter's language. */
export function submittedMail(
  to: { email: string; name: string; locale: string },
  callTitle: Localized,
  submission: Submission,
  link: string,
): MailMessage {
  const locale = localeOf(to.locale);
  const t = translator(locale);
  const copy = [
    `${t('submissions.fields.title')}: ${submission.title}`,
    `${t('submissions.fields.organisation')}: ${submission.organisation}`,
    '',
    `${t('submissions.fields.summary')}:`,
    submission.summary,
    ...TEXT_SECTIONS.flatMap((s) => ['', `${t(`submissions.fields.${s}`)}:`, submission[s]]),
    ...(submission.links.length ? ['', `${t('submissions.fields.links')}:`, ...submission.links] : []),
  ].join('\n');
  return {
    to: to.email,
    locale,
    subject: t('submissions.mail.submittedSubject', { call: inLocale(callTitle, locale) }),
    text: `${t('mail.greeting', { name: to.name })}\n\n${t('submissions.mail.submittedBody', { call: inLocale(callTitle, locale), link })}\n\n---\n${copy}\n---\n\n${t('mail.signature')}\n`,
  };
}

export function coauthorInviteMail(
  to: string,
  locale: string,
  inviter: string,
  title: string,
  link: string,
): MailMessage {
  const t = translator(localeOf(locale));
  return {
    to,
    locale: localeOf(locale),
    subject: t('submissions.mail.inviteSubject'),
    text: `${t('mail.greeting', { name: '' })}\n\n${t('submissions.mail.inviteBody', { inviter, title, link })}\n\n${t('mail.signature')}\n`,
  };
}
