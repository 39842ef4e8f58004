import { Checkbox, ErrorSummary, type FieldErrors, Form, TextField } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { StatisticsFields } from '../../transparency/views/profile-fields.tsx';
import { CountryField, LanguageField, NewPasswordFields } from './fields.tsx';

export type AccountSection = 'profile' | 'email' | 'password';

export interface AccountPageProps {
  c: PageContext;
  profile: {
    name: string;
    email: string;
    country: string;
    locale: string;
    verified: boolean;
    /** Opt-in answers for the public statistics (transparency). */
    gender?: string | null;
    sector?: string | null;
  };
  sessions: { current: boolean; createdAt: string; lastSeenAt: string; userAgent: string }[];
  /** Values and errors of the one form that was just posted, if any. */
  section?: AccountSection;
  values?: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}

export function AccountPage({
  c,
  profile,
  sessions,
  section,
  values = {},
  errors = {},
  notice,
}: AccountPageProps) {
  const { t } = c;
  const errorsFor = (s: AccountSection) => (section === s ? errors : {});
  const profileValues = section === 'profile' ? { ...profile, ...values } : profile;
  return (
    <Layout c={c} title={t('account.title')} noindex>
      <h1>{t('account.title')}</h1>
      <Notice c={c} message={notice} />

      {profile.verified ? null : (
        <section aria-labelledby="verify-heading" class="card">
          <h2 id="verify-heading">{t('account.verifyTitle')}</h2>
          <p>{t('account.verifyBody', { email: profile.email })}</p>
          <Form c={c} action={c.href('/account/resend-verification')}>
            <button type="submit" class="button button-secondary">
              {t('account.resend')}
            </button>
          </Form>
        </section>
      )}

      <section aria-labelledby="profile-heading" class="card">
        <h2 id="profile-heading">{t('account.profileTitle')}</h2>
        <ErrorSummary c={c} errors={errorsFor('profile')} />
        <Form c={c} action={c.href('/account/profile')} class="stack narrow">
          <TextField
            c={c}
            name="name"
            label={t('fields.name')}
            value={profileValues.name}
            errors={errorsFor('profile')}
            autocomplete="name"
            required
            maxLength={100}
            dir="auto"
          />
          <CountryField c={c} errors={errorsFor('profile')} value={profileValues.country} />
          <LanguageField c={c} errors={errorsFor('profile')} value={profileValues.locale} />
          <StatisticsFields
            c={c}
            gender={profileValues.gender}
            sector={profileValues.sector}
            errors={errorsFor('profile')}
          />
          <button type="submit" class="button">
            {t('account.saveProfile')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="email-heading" class="card">
        <h2 id="email-heading">{t('account.emailTitle')}</h2>
        <p>{t('account.emailCurrent', { email: profile.email })}</p>
        <ErrorSummary c={c} errors={errorsFor('email')} />
        <Form c={c} action={c.href('/account/email')} class="stack narrow">
          <TextField
            c={c}
            name="newEmail"
            type="email"
            label={t('fields.newEmail')}
            value={section === 'email' ? values.newEmail : ''}
            errors={errorsFor('email')}
            autocomplete="email"
            required
            dir="ltr"
          />
          <TextField
            c={c}
            name="emailPassword"
            type="password"
            label={t('fields.currentPassword')}
            errors={errorsFor('email')}
            autocomplete="current-password"
            required
          />
          <button type="submit" class="button">
            {t('account.changeEmail')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="password-heading" class="card">
        <h2 id="password-heading">{t('account.passwordTitle')}</h2>
        <ErrorSummary c={c} errors={errorsFor('password')} />
        <Form c={c} action={c.href('/account/password')} class="stack narrow">
          <TextField
            c={c}
            name="current"
            type="password"
            label={t('fields.currentPassword')}
            errors={errorsFor('password')}
            autocomplete="current-password"
            required
          />
          <NewPasswordFields c={c} errors={errorsFor('password')} />
          <button type="submit" class="button">
            {t('account.changePassword')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="sessions-heading" class="card">
        <h2 id="sessions-heading">{t('account.sessionsTitle')}</h2>
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{t('account.sessionsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.sessionDevice')}</th>
                <th scope="col">{t('account.sessionStarted')}</th>
                <th scope="col">{t('account.sessionLastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.createdAt + s.userAgent}>
                  <td>
                    {s.userAgent || t('account.unknownDevice')}
                    {s.current ? <strong> ({t('account.thisDevice')})</strong> : null}
                  </td>
                  <td>{c.formatDate(s.createdAt)}</td>
                  <td>{c.formatDate(s.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Form c={c} action={c.href('/account/sign-out-everywhere')}>
          <button type="submit" class="button button-secondary">
            {t('account.signOutEverywhere')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="data-heading" class="card">
        <h2 id="data-heading">{t('account.dataTitle')}</h2>
        <p>{t('account.dataBody')}</p>
        <p>
          <a class="button button-secondary" href={c.href('/account/export')} download="praxis-data.json">
            {t('account.download')}
          </a>
        </p>
        <p>
          <a href={c.href('/account/delete')}>{t('account.deleteLink')}</a>
        </p>
      </section>
    </Layout>
  );
}

export function DeleteAccountPage({
  c,
  errors,
  wrongPassword,
}: {
  c: PageContext;
  errors: FieldErrors;
  wrongPassword?: boolean;
}) {
  const { t } = c;
  return (
    <Layout c={c} title={t('deleteAccount.title')} noindex>
      <h1>{t('deleteAccount.title')}</h1>
      <p>{t('deleteAccount.body')}</p>
      <ErrorSummary c={c} errors={wrongPassword ? { current: 'form.errors.passwordWrong' } : errors} />
      <Form c={c} action={c.href('/account/delete')} class="stack narrow">
        <TextField
          c={c}
          name="current"
          type="password"
          label={t('fields.currentPassword')}
          errors={wrongPassword ? { current: 'form.errors.passwordWrong' } : errors}
          autocomplete="current-password"
          required
        />
        <Checkbox c={c} name="confirm" label={t('deleteAccount.confirm')} errors={errors} />
        <button type="submit" class="button button-danger">
          {t('deleteAccount.submit')}
        </button>
      </Form>
      <p>
        <a href={c.href('/account')}>{t('deleteAccount.cancel')}</a>
      </p>
    </Layout>
  );
}
