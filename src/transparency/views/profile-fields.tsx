import { type FieldErrors, SelectField } from '../../platform/views/form.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { GENDERS, PREFER_NOT, SECTORS } from '../profile-fields.ts';

/** The opt-in gender and sector questions, with their stated purpose, for the account profile form. */
export function StatisticsFields({
  c,
  gender,
  sector,
  errors,
}: {
  c: PageContext;
  gender: string | null | undefined;
  sector: string | null | undefined;
  errors: FieldErrors;
}) {
  const { t } = c;
  const options = (prefix: string, values: readonly string[]) => [
    ...values.map((value) => ({ value, label: t(`${prefix}.${value}`) })),
    { value: PREFER_NOT, label: t('transparency.profile.preferNot') },
  ];
  return (
    <fieldset class="field" aria-describedby="statistics-purpose">
      <legend>{t('transparency.profile.title')}</legend>
      <p class="hint" id="statistics-purpose">
        {t('transparency.profile.purpose')}
      </p>
      <SelectField
        c={c}
        name="gender"
        label={t('transparency.profile.gender')}
        value={gender ?? ''}
        options={options('transparency.gender', GENDERS)}
        placeholder={t('transparency.profile.notAnswered')}
        errors={errors}
      />
      <SelectField
        c={c}
        name="sector"
        label={t('transparency.profile.sector')}
        value={sector ?? ''}
        options={options('transparency.sector', SECTORS)}
        placeholder={t('transparency.profile.notAnswered')}
        errors={errors}
      />
    </fieldset>
  );
}
