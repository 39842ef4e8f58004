import { checked, text } from '../platform/http/form-body.ts';
import { isCountryCode } from '../platform/i18n/countries.ts';
import { isLocale, type Locale } from '../platform/i18n/locales.ts';
import type { FieldErrors } from '../platform/views/form.tsx';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NAME_MAX = 100;

function checkEmail(value: string, errors: FieldErrors, field = 'email') {
  if (!value.trim()) errors[field] = 'form.errors.emailRequired';
  else if (value.length > 254 || !EMAIL.test(value.trim())) errors[field] = 'form.errors.emailInvalid';
}

function checkNewPassword(value: string, errors: FieldErrors, field = 'password') {
  if (!value) errors[field] = 'form.errors.passwordRequired';
  else if ([...value].length < PASSWORD_MIN) errors[field] = 'form.errors.passwordTooShort';
  else if ([...value].length > PASSWORD_MAX) errors[field] = 'form.errors.passwordTooLong';
}

function checkName(value: string, errors: FieldErrors) {
  if (!value.trim()) errors.name = 'form.errors.nameRequired';
  else if ([...value.trim()].length > NAME_MAX) errors.name = 'form.errors.nameTooLong';
}

export interface RegistrationForm {
  name: string;
  email: string;
  password: string;
  country: string;
  locale: string;
  consent: boolean;
}

export function readRegistration(body: unknown): { values: RegistrationForm; errors: FieldErrors } {
  const values = {
    name: text(body, 'name'),
    email: text(body, 'email'),
    password: text(body, 'password'),
    country: text(body, 'country'),
    locale: text(body, 'locale'),
    consent: checked(body, 'consent'),
  };
  const errors: FieldErrors = {};
  checkName(values.name, errors);
  checkEmail(values.email, errors);
  checkNewPassword(values.password, errors);
  if (!isCountryCode(values.country)) errors.country = 'form.errors.countryRequired';
  if (!isLocale(values.locale)) errors.locale = 'form.errors.localeRequired';
  if (!values.consent) errors.consent = 'form.errors.consentRequired';
  return { values, errors };
}

export function readSignIn(body: unknown) {
  const values = { email: text(body, 'email'), password: text(body, 'password') };
  const errors: FieldErrors = {};
  checkEmail(values.email, errors);
  if (!values.password) errors.password = 'form.errors.passwordRequired';
  return { values, errors };
}

export function readEmailOnly(body: unknown) {
  const values = { email: text(body, 'email') };
  const errors: FieldErrors = {};
  checkEmail(values.email, errors);
  return { values, errors };
}

export function readNewPassword(body: unknown) {
  const values = { password: text(body, 'password'), confirm: text(body, 'confirm') };
  const errors: FieldErrors = {};
  checkNewPassword(values.password, errors);
  if (!errors.password && values.password !== values.confirm) errors.confirm = 'form.errors.passwordsDiffer';
  return { values, errors };
}

export function readChangePassword(body: unknown) {
  const values = {
    current: text(body, 'current'),
    password: text(body, 'password'),
    confirm: text(body, 'confirm'),
  };
  const errors: FieldErrors = {};
  if (!values.current) errors.current = 'form.errors.passwordRequired';
  checkNewPassword(values.password, errors);
  if (!errors.password && values.password !== values.confirm) errors.confirm = 'form.errors.passwordsDiffer';
  return { values, errors };
}

export function readChangeEmail(body: unknown) {
  const values = { newEmail: text(body, 'newEmail'), emailPassword: text(body, 'emailPassword') };
  const errors: FieldErrors = {};
  checkEmail(values.newEmail, errors, 'newEmail');
  if (!values.emailPassword) errors.emailPassword = 'form.errors.passwordRequired';
  return { values, errors };
}

export function readProfile(body: unknown) {
  const values = { name: text(body, 'name'), country: text(body, 'country'), locale: text(body, 'locale') };
  const errors: FieldErrors = {};
  checkName(values.name, errors);
  if (!isCountryCode(values.country)) errors.country = 'form.errors.countryRequired';
  if (!isLocale(values.locale)) errors.locale = 'form.errors.localeRequired';
  return { values: values as { name: string; country: string; locale: Locale }, errors };
}

export function readDeletion(body: unknown) {
  const values = { current: text(body, 'current'), confirm: checked(body, 'confirm') };
  const errors: FieldErrors = {};
  if (!values.current) errors.current = 'form.errors.passwordRequired';
  if (!values.confirm) errors.confirm = 'form.errors.deleteConfirmRequired';
  return { values, errors };
}
