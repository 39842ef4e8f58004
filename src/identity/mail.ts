import { isLocale, type Locale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import type { MailMessage } from '../platform/mail/mailer.ts';

type Kind =
  | 'verify'
  | 'alreadyRegistered'
  | 'reset'
  | 'changeEmail'
  | 'emailTaken'
  | 'setPassword'
  | 'passwordChanged';

/** Builds an account email in the recipient's language; `link` is the one action it offers. */
export function accountMail(
  kind: Kind,
  to: string,
  localeValue: string,
  values: Record<string, string>,
): MailMessage {
  const locale: Locale = isLocale(localeValue) ? localeValue : 'en';
  const t = translator(locale);
  const body = t(`mail.${kind}.body`, values);
  return {
    to,
    locale,
    subject: t(`mail.${kind}.subject`),
    text: `${t('mail.greeting', { name: values.name ?? '' })}\n\n${body}\n\n${t('mail.signature')}\n`,
  };
}
