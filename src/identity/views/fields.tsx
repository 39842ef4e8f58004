import { countryOptions } from '../../platform/i18n/countries.ts';
import { LOCALES } from '../../platform/i18n/locales.ts';
import { type FieldErrors, SelectField, TextField } from '../../platform/views/form.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { PASSWORD_MIN } from '../passwords.ts';

/** Fields that registration and the account page share, so they ask the same way in both places. */
interface FieldProps {
  c: PageContext;
  errors: FieldErrors;
  value?: string | undefined;
  hint?: string;
}

export function CountryField({ c, errors, value, hint }: FieldProps) {
  return (
    <SelectField
      c={c}
      name="country"
      label={c.t('fields.country')}
      hint={hint}
      value={value}
      errors={errors}
      options={countryOptions(c.locale)}
      placeholder={c.t('form.choose')}
      autocomplete="country"
      required
    />
  );
}

export function LanguageField({ c, errors, value }: FieldProps) {
  return (
    <SelectField
      c={c}
      name="locale"
      label={c.t('fields.locale')}
      value={value}
      errors={errors}
      options={LOCALES.map((locale) => ({ value: locale, label: c.t(`languages.${locale}`) }))}
      required
    />
  );
}

/** A new password and its repetition (reset, set and change password). */
export function NewPasswordFields({ c, errors }: FieldProps) {
  return (
    <>
      <TextField
        c={c}
        name="password"
        type="password"
        label={c.t('fields.newPassword')}
        hint={c.t('register.passwordHint', { min: PASSWORD_MIN })}
        errors={errors}
        autocomplete="new-password"
        required
      />
      <TextField
        c={c}
        name="confirm"
        type="password"
        label={c.t('fields.confirmPassword')}
        errors={errors}
        autocomplete="new-password"
        required
      />
    </>
  );
}
