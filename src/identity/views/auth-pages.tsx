import { Checkbox, ErrorSummary, type FieldErrors, Form, TextField } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { PASSWORD_MIN } from '../passwords.ts';
import { CountryField, LanguageField, NewPasswordFields } from './fields.tsx';

interface RegisterProps {
  c: PageContext;
  values: { name?: string; email?: string; country?: string; locale?: string; consent?: boolean };
  errors: FieldErrors;
}

export function RegisterPage({ c, values, errors }: RegisterProps) {
  const { t } = c;
  return (
    <Layout c={c} title={t('register.title')} description={t('register.intro')} noindex>
      <h1>{t('register.title')}</h1>
      <p>{t('register.intro')}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={c.href('/register')} class="stack narrow">
        <TextField
          c={c}
          name="name"
          label={t('fields.name')}
          hint={t('register.nameHint')}
          value={values.name}
          errors={errors}
          autocomplete="name"
          required
          maxLength={100}
          dir="auto"
        />
        <TextField
          c={c}
          name="email"
          type="email"
          label={t('fields.email')}
          value={values.email}
          errors={errors}
          autocomplete="email"
          required
          dir="ltr"
        />
        <TextField
          c={c}
          name="password"
          type="password"
          label={t('fields.password')}
          hint={t('register.passwordHint', { min: PASSWORD_MIN })}
          errors={errors}
          autocomplete="new-password"
          required
        />
        <CountryField c={c} errors={errors} value={values.country} hint={t('register.countryHint')} />
        <LanguageField c={c} errors={errors} value={values.locale ?? c.locale} />
        <Checkbox c={c} name="consent" label={t('register.consent')} checked={values.consent} errors={errors}>
          {' '}
          <a href={c.href('/terms')}>{t('layout.terms')}</a> ·{' '}
          <a href={c.href('/privacy')}>{t('layout.privacy')}</a>
        </Checkbox>
        <button type="submit" class="button">
          {t('register.submit')}
        </button>
      </Form>
      <p>
        {t('register.haveAccount')} <a href={c.href('/sign-in')}>{t('layout.signIn')}</a>
      </p>
    </Layout>
  );
}

interface SignInProps {
  c: PageContext;
  values: { email?: string };
  errors: FieldErrors;
  next: string;
  /** A problem with the credentials as a whole (never says which part was wrong). */
  failure?: 'invalid' | 'throttled';
  notice?: string;
}

export function SignInPage({ c, values, errors, next, failure, notice }: SignInProps) {
  const { t } = c;
  return (
    <Layout c={c} title={t('signIn.title')} noindex>
      <h1>{t('signIn.title')}</h1>
      <Notice c={c} message={notice} />
      {failure ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <p>{t(failure === 'throttled' ? 'signIn.throttled' : 'signIn.invalid')}</p>
        </div>
      ) : null}
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={c.href(`/sign-in?next=${encodeURIComponent(next)}`)} class="stack narrow">
        <TextField
          c={c}
          name="email"
          type="email"
          label={t('fields.email')}
          value={values.email}
          errors={errors}
          autocomplete="username"
          required
          dir="ltr"
        />
        <TextField
          c={c}
          name="password"
          type="password"
          label={t('fields.password')}
          errors={errors}
          autocomplete="current-password"
          required
        />
        <button type="submit" class="button">
          {t('signIn.submit')}
        </button>
      </Form>
      <p>
        <a href={c.href('/forgot-password')}>{t('signIn.forgot')}</a>
      </p>
      <p>
        {t('signIn.noAccount')} <a href={c.href('/register')}>{t('layout.register')}</a>
      </p>
    </Layout>
  );
}

export function ForgotPasswordPage({
  c,
  values,
  errors,
}: {
  c: PageContext;
  values: { email?: string };
  errors: FieldErrors;
}) {
  const { t } = c;
  return (
    <Layout c={c} title={t('forgot.title')} noindex>
      <h1>{t('forgot.title')}</h1>
      <p>{t('forgot.intro')}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={c.href('/forgot-password')} class="stack narrow">
        <TextField
          c={c}
          name="email"
          type="email"
          label={t('fields.email')}
          value={values.email}
          errors={errors}
          autocomplete="email"
          required
          dir="ltr"
        />
        <button type="submit" class="button">
          {t('forgot.submit')}
        </button>
      </Form>
    </Layout>
  );
}

interface NewPasswordProps {
  c: PageContext;
  errors: FieldErrors;
  action: string;
  title: string;
}

export function NewPasswordPage({ c, errors, action, title }: NewPasswordProps) {
  const { t } = c;
  return (
    <Layout c={c} title={title} noindex>
      <h1>{title}</h1>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={action} class="stack narrow">
        <NewPasswordFields c={c} errors={errors} />
        <button type="submit" class="button">
          {t('reset.submit')}
        </button>
      </Form>
    </Layout>
  );
}
