import taxonomy from '../../courses/package/taxonomy.json' with { type: 'json' };
import { LOCALES } from '../../platform/i18n/locales.ts';
import {
  CheckboxGroup,
  ErrorSummary,
  type FieldErrors,
  Form,
  fieldId,
  SelectField,
  TextArea,
  TextField,
} from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { type CallFormValues, RUBRIC_ROWS } from '../call-form.ts';

interface Props {
  c: PageContext;
  action: string;
  title: string;
  values: CallFormValues;
  errors: FieldErrors;
}

const str = (values: CallFormValues, name: string) => {
  const v = values[name];
  return typeof v === 'string' ? v : '';
};
const many = (values: CallFormValues, name: string) => {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
};

/** Texts of the call in one language; English is required, the others fill in the call's other languages. */
function LocaleTexts({
  c,
  locale,
  values,
  errors,
}: {
  c: PageContext;
  locale: string;
  values: CallFormValues;
  errors: FieldErrors;
}) {
  const { t } = c;
  const required = locale === 'en';
  return (
    <>
      <TextField
        c={c}
        name={`title_${locale}`}
        label={t('calls.fields.title')}
        value={str(values, `title_${locale}`)}
        errors={errors}
        required={required}
        maxLength={200}
        dir="auto"
      />
      <TextArea
        c={c}
        name={`description_${locale}`}
        label={t('calls.fields.description')}
        value={str(values, `description_${locale}`)}
        errors={errors}
        required={required}
        rows={5}
      />
      <TextArea
        c={c}
        name={`guidance_${locale}`}
        label={t('calls.fields.guidance')}
        value={str(values, `guidance_${locale}`)}
        errors={errors}
        rows={5}
      />
      <TextArea
        c={c}
        name={`faq_${locale}`}
        label={t('calls.fields.faq')}
        hint={t('calls.fields.faqHint')}
        value={str(values, `faq_${locale}`)}
        errors={errors}
        rows={5}
      />
    </>
  );
}

export function AdminCallForm({ c, action, title, values, errors }: Props) {
  const { t } = c;
  const zones = Intl.supportedValuesOf('timeZone').map((z) => ({ value: z, label: z }));
  return (
    <Layout c={c} title={title} noindex>
      <h1>{title}</h1>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={action} class="stack">
        <TextField
          c={c}
          name="slug"
          label={t('calls.fields.slug')}
          hint={t('calls.fields.slugHint')}
          value={str(values, 'slug')}
          errors={errors}
          required
          maxLength={80}
          dir="ltr"
        />
        <fieldset class="card">
          <legend>{t('languages.en')}</legend>
          <LocaleTexts c={c} locale="en" values={values} errors={errors} />
        </fieldset>
        {LOCALES.filter((l) => l !== 'en').map((locale) => (
          <details
            class="card"
            key={locale}
            open={locale === 'ko' || Boolean(str(values, `title_${locale}`))}
          >
            <summary>{t(`languages.${locale}`)}</summary>
            <LocaleTexts c={c} locale={locale} values={values} errors={errors} />
          </details>
        ))}
        <fieldset class="card stack">
          <legend>{t('calls.fields.dates')}</legend>
          <TextField
            c={c}
            name="opens_at"
            label={t('calls.fields.opensAt')}
            value={str(values, 'opens_at')}
            errors={errors}
            required
            hint={t('calls.fields.dateHint')}
            dir="ltr"
          />
          <TextField
            c={c}
            name="closes_at"
            label={t('calls.fields.closesAt')}
            value={str(values, 'closes_at')}
            errors={errors}
            required
            hint={t('calls.fields.dateHint')}
            dir="ltr"
          />
          <SelectField
            c={c}
            name="time_zone"
            label={t('calls.fields.timeZone')}
            value={str(values, 'time_zone') || 'UTC'}
            errors={errors}
            options={zones}
            required
          />
        </fieldset>
        <CheckboxGroup
          c={c}
          name="practice_types"
          legend={t('calls.fields.practiceTypes')}
          chosen={many(values, 'practice_types')}
          errors={errors}
          options={taxonomy.practiceCall.practiceTypes.map((p) => ({
            value: p.slug,
            label: t(`taxonomy.practiceTypes.${p.slug}`),
          }))}
        />
        <CheckboxGroup
          c={c}
          name="stakeholder_types"
          legend={t('calls.fields.stakeholderTypes')}
          chosen={many(values, 'stakeholder_types')}
          errors={errors}
          options={taxonomy.practiceCall.stakeholderTypes.map((p) => ({
            value: p.slug,
            label: t(`taxonomy.stakeholderTypes.${p.slug}`),
          }))}
        />
        <CheckboxGroup
          c={c}
          name="languages"
          legend={t('calls.fields.languages')}
          chosen={many(values, 'languages')}
          errors={errors}
          options={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
        />
        <fieldset class="card stack">
          <legend>{t('calls.fields.rubric')}</legend>
          <p class="hint">{t('calls.fields.rubricHint')}</p>
          {Array.from({ length: RUBRIC_ROWS }, (_, i) => (
            <fieldset class="criterion" key={i}>
              <legend>{t('calls.fields.criterion', { number: i + 1 })}</legend>
              <TextField
                c={c}
                name={`criterion_${i}_label_en`}
                label={t('calls.fields.criterionLabelEn')}
                value={str(values, `criterion_${i}_label_en`)}
                errors={errors}
                dir="auto"
              />
              <TextField
                c={c}
                name={`criterion_${i}_label_ko`}
                label={t('calls.fields.criterionLabelKo')}
                value={str(values, `criterion_${i}_label_ko`)}
                errors={errors}
                dir="auto"
              />
              <TextField
                c={c}
                name={`criterion_${i}_scale`}
                type="number"
                label={t('calls.fields.scale')}
                value={str(values, `criterion_${i}_scale`) || '5'}
                errors={errors}
              />
              <TextField
                c={c}
                name={`criterion_${i}_weight`}
                type="number"
                label={t('calls.fields.weight')}
                value={str(values, `criterion_${i}_weight`) || '1'}
                errors={errors}
              />
              <div class="choice">
                <input
                  type="checkbox"
                  id={fieldId(`criterion_${i}_required`)}
                  name={`criterion_${i}_required`}
                  value="yes"
                  checked={
                    values[`criterion_${i}_required`] === true || values[`criterion_${i}_required`] === 'yes'
                  }
                />
                <label for={fieldId(`criterion_${i}_required`)}>{t('calls.fields.required')}</label>
              </div>
            </fieldset>
          ))}
        </fieldset>
        <TextField
          c={c}
          name="reviewers_per_case"
          type="number"
          label={t('calls.fields.reviewersPerCase')}
          value={str(values, 'reviewers_per_case') || '3'}
          errors={errors}
          required
        />
        <SelectField
          c={c}
          name="blind_mode"
          label={t('calls.fields.blindMode')}
          value={str(values, 'blind_mode') || 'single'}
          errors={errors}
          required
          options={[
            { value: 'single', label: t('calls.blind.single') },
            { value: 'double', label: t('calls.blind.double') },
          ]}
        />
        <TextField
          c={c}
          name="summary_word_limit"
          type="number"
          label={t('calls.fields.summaryWordLimit')}
          value={str(values, 'summary_word_limit') || '250'}
          errors={errors}
          required
        />
        <button type="submit" class="button">
          {t('calls.save')}
        </button>
      </Form>
    </Layout>
  );
}
