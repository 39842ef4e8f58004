import type { ComponentChildren } from 'preact';
import type { PageContext } from './page-context.ts';

/** Field name → message key of what is wrong with it. */
export type FieldErrors = Record<string, string>;

interface FormProps {
  c: PageContext;
  action: string;
  children: ComponentChildren;
  class?: string;
  id?: string;
  enctype?: string;
  /** Label for assistive technology when the form has no visible heading of its own. */
  label?: string;
  /** data-* attributes for the page's script (e.g. localized labels). */
  data?: Record<string, string>;
}

/** A POST form carrying the CSRF token. Every form on the site is one of these. */
export function Form({ c, action, children, class: className, id, enctype, label }: FormProps) {
  return (
    <form
      method="post"
      action={action}
      class={className}
      id={id}
      enctype={enctype}
      aria-label={label}
      novalidate
    >
      <input type="hidden" name="_csrf" value={c.csrf()} />
      {children}
    </form>
  );
}

/** The list of problems at the top of a form, each linking to its field (announced on load). */
export function ErrorSummary({ c, errors }: { c: PageContext; errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{c.t('form.errorSummary')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={`#${fieldId(field)}`}>{c.t(key)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

interface FieldProps {
  c: PageContext;
  name: string;
  label: string;
  errors: FieldErrors;
  hint?: string;
}

function describedBy(name: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldMessages({
  c,
  name,
  hint,
  error,
}: {
  c: PageContext;
  name: string;
  hint?: string;
  error?: string;
}) {
  return (
    <>
      {hint ? (
        <p class="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${fieldId(name)}-error`}>
          {c.t(error)}
        </p>
      ) : null}
    </>
  );
}

interface TextFieldProps extends FieldProps {
  value?: string;
  type?: 'text' | 'email' | 'password' | 'search' | 'url' | 'number';
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
  dir?: 'auto' | 'ltr';
}

export function TextField(props: TextFieldProps) {
  const {
    c,
    name,
    label,
    errors,
    hint,
    value,
    type = 'text',
    autocomplete,
    required,
    maxLength,
    dir,
  } = props;
  const error = errors[name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={fieldId(name)}>
        {label}
        {required ? null : <span class="optional"> {c.t('form.optional')}</span>}
      </label>
      <FieldMessages c={c} name={name} hint={hint} error={error} />
      <input
        id={fieldId(name)}
        name={name}
        // Preact's types narrow by input type; the attributes used here are valid for all of these.
        type={type as 'text'}
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete}
        required={required}
        maxLength={maxLength}
        dir={dir}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
    </div>
  );
}

interface TextAreaProps extends FieldProps {
  value?: string;
  required?: boolean;
  rows?: number;
  maxLength?: number;
}

export function TextArea({
  c,
  name,
  label,
  errors,
  hint,
  value,
  required,
  rows = 6,
  maxLength,
}: TextAreaProps) {
  const error = errors[name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={fieldId(name)}>
        {label}
        {required ? null : <span class="optional"> {c.t('form.optional')}</span>}
      </label>
      <FieldMessages c={c} name={name} hint={hint} error={error} />
      <textarea
        id={fieldId(name)}
        name={name}
        rows={rows}
        required={required}
        maxLength={maxLength}
        dir="auto"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      >
        {value ?? ''}
      </textarea>
    </div>
  );
}

interface SelectFieldProps extends FieldProps {
  value?: string;
  options: readonly { value: string; label: string }[];
  required?: boolean;
  autocomplete?: string;
  /** Label of the empty first option; none when absent. */
  placeholder?: string;
}

export function SelectField(props: SelectFieldProps) {
  const { c, name, label, errors, hint, value, options, required, autocomplete, placeholder } = props;
  const error = errors[name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={fieldId(name)}>
        {label}
        {required ? null : <span class="optional"> {c.t('form.optional')}</span>}
      </label>
      <FieldMessages c={c} name={name} hint={hint} error={error} />
      <select
        id={fieldId(name)}
        name={name}
        required={required}
        autocomplete={autocomplete}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option value={option.value} selected={option.value === value} key={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface CheckboxProps extends FieldProps {
  checked?: boolean;
  value?: string;
  children?: ComponentChildren;
}

export function Checkbox({ c, name, label, errors, hint, checked, value = 'yes', children }: CheckboxProps) {
  const error = errors[name];
  return (
    <div class={error ? 'field checkbox has-error' : 'field checkbox'}>
      <FieldMessages c={c} name={name} hint={hint} error={error} />
      <input
        id={fieldId(name)}
        name={name}
        type="checkbox"
        value={value}
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
      <label for={fieldId(name)}>
        {label}
        {children}
      </label>
    </div>
  );
}

interface CheckboxGroupProps {
  c: PageContext;
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  chosen: readonly string[];
  errors: FieldErrors;
  hint?: string;
  disabled?: boolean;
}

/** A set of checkboxes sharing one name (a multiple choice), with its error and hint. */
export function CheckboxGroup({
  c,
  name,
  legend,
  options,
  chosen,
  errors,
  hint,
  disabled,
}: CheckboxGroupProps) {
  const error = errors[name];
  return (
    <fieldset
      class={error ? 'field has-error' : 'field'}
      id={fieldId(name)}
      disabled={disabled}
      aria-describedby={describedBy(name, hint, error)}
    >
      <legend>{legend}</legend>
      <FieldMessages c={c} name={name} hint={hint} error={error} />
      {options.map((o) => (
        <div class="choice" key={o.value}>
          <input
            type="checkbox"
            id={`${fieldId(name)}-${o.value}`}
            name={name}
            value={o.value}
            checked={chosen.includes(o.value)}
          />
          <label for={`${fieldId(name)}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
