import { countryOptions } from '../../platform/i18n/countries.ts';
import {
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  type FieldErrors,
  Form,
  SelectField,
  TextArea,
  TextField,
} from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { Call } from '../calls.ts';
import { inLocale } from '../localized.ts';
import {
  LIFECYCLE_STAGES,
  POLICY_AREA_SLUGS,
  PRINCIPLE_SLUGS,
  SECTORS,
  type SubmissionFields,
  TEXT_SECTIONS,
  VALUE_SLUGS,
} from '../submission-fields.ts';
import { MAX_FILES, type Submission } from '../submissions.ts';

interface SubmissionPageProps {
  c: PageContext;
  call: Call;
  /** Undefined while the submission has not been saved yet. */
  submission?: Submission;
  fields: SubmissionFields;
  errors: FieldErrors;
  /** Whether the viewer may change it now (an author, before the deadline, not withdrawn). */
  editable: boolean;
  /** Whether the viewer is the owner (only the owner submits and withdraws). */
  owner: boolean;
  notice?: string;
  fileError?: string;
  /** Members of the advisory group (shown to the owner, to declare conflicts). */
  group: { id: string; name: string; organisation: string }[];
  declared: string[];
}

export function SubmissionPage(props: SubmissionPageProps) {
  const { c, call, submission, fields, errors, editable, owner, notice, fileError, group, declared } = props;
  const { t } = c;
  const action = submission
    ? c.href(`/submissions/${submission.id}`)
    : c.href(`/calls/${call.slug}/submissions/new`);
  const status = submission?.status ?? 'draft';
  return (
    <Layout
      c={c}
      title={fields.title || t('submissions.newTitle')}
      noindex
      scripts={editable && submission ? ['js/autosave.js'] : []}
    >
      <p class="meta">
        <a href={c.href(`/calls/${call.slug}`)}>{inLocale(call.title, c.locale)}</a>
      </p>
      <h1>{submission ? fields.title || t('submissions.untitled') : t('submissions.newTitle')}</h1>
      <p class="meta" role="status">
        {t(`submissions.status.${status}`)}
        {submission ? ` · ${t('submissions.lastSaved', { date: c.formatDate(submission.updatedAt) })}` : ''}
      </p>
      <Notice c={c} message={notice} />
      {!editable && submission?.status !== 'withdrawn' ? (
        <p class="notice">{t('submissions.readOnly')}</p>
      ) : null}
      {call.blindMode === 'double' ? <p class="notice">{t('submissions.anonymizeNotice')}</p> : null}
      <ErrorSummary c={c} errors={errors} />
      <Form
        c={c}
        action={action}
        class="stack submission-form"
        id="submission-form"
        data={{ savedLabel: t('submissions.autosaved') }}
      >
        <fieldset disabled={!editable} class="stack">
          <SelectField
            c={c}
            name="language"
            label={t('submissions.fields.language')}
            value={fields.language}
            errors={errors}
            required
            options={call.languages.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          />
          <TextField
            c={c}
            name="title"
            label={t('submissions.fields.title')}
            value={fields.title}
            errors={errors}
            required
            maxLength={200}
            dir="auto"
          />
          <TextArea
            c={c}
            name="summary"
            label={t('submissions.fields.summary')}
            hint={t('submissions.fields.summaryHint', { limit: call.summaryWordLimit })}
            value={fields.summary}
            errors={errors}
            required
            rows={5}
          />
          <SelectField
            c={c}
            name="practice_type"
            label={t('submissions.fields.practiceType')}
            value={fields.practiceType}
            errors={errors}
            required
            placeholder={t('form.choose')}
            options={call.practiceTypes.map((p) => ({ value: p, label: t(`taxonomy.practiceTypes.${p}`) }))}
          />
          <SelectField
            c={c}
            name="stakeholder_type"
            label={t('submissions.fields.stakeholderType')}
            value={fields.stakeholderType}
            errors={errors}
            required
            placeholder={t('form.choose')}
            options={call.stakeholderTypes.map((p) => ({
              value: p,
              label: t(`taxonomy.stakeholderTypes.${p}`),
            }))}
          />
          <TextField
            c={c}
            name="organisation"
            label={t('submissions.fields.organisation')}
            value={fields.organisation}
            errors={errors}
            required
            maxLength={200}
            dir="auto"
          />
          <SelectField
            c={c}
            name="country"
            label={t('submissions.fields.country')}
            hint={t('submissions.fields.countryHint')}
            value={fields.country}
            errors={errors}
            required
            placeholder={t('form.choose')}
            options={countryOptions(c.locale)}
          />
          <SelectField
            c={c}
            name="sector"
            label={t('submissions.fields.sector')}
            value={fields.sector}
            errors={errors}
            required
            placeholder={t('form.choose')}
            options={SECTORS.map((s) => ({ value: s, label: t(`submissions.sectors.${s}`) }))}
          />
          <SelectField
            c={c}
            name="lifecycle_stage"
            label={t('submissions.fields.lifecycleStage')}
            value={fields.lifecycleStage}
            errors={errors}
            required
            placeholder={t('form.choose')}
            options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`submissions.stages.${s}`) }))}
          />
          <CheckboxGroup
            c={c}
            name="principles"
            legend={t('submissions.fields.principles')}
            options={PRINCIPLE_SLUGS.map((slug) => ({
              value: slug,
              label: t(`taxonomy.principles.${slug}`),
            }))}
            chosen={fields.principles}
            errors={errors}
            disabled={!editable}
          />
          <CheckboxGroup
            c={c}
            name="values"
            legend={t('submissions.fields.values')}
            options={VALUE_SLUGS.map((slug) => ({ value: slug, label: t(`taxonomy.values.${slug}`) }))}
            chosen={fields.values}
            errors={errors}
            disabled={!editable}
          />
          <CheckboxGroup
            c={c}
            name="policy_areas"
            legend={t('submissions.fields.policyAreas')}
            options={POLICY_AREA_SLUGS.map((slug) => ({
              value: slug,
              label: t(`taxonomy.policyAreas.${slug}`),
            }))}
            chosen={fields.policyAreas}
            errors={errors}
            disabled={!editable}
          />
          {TEXT_SECTIONS.map((section) => (
            <TextArea
              key={section}
              c={c}
              name={section}
              label={t(`submissions.fields.${section}`)}
              hint={t(`submissions.fields.${section}Hint`)}
              value={fields[section]}
              errors={errors}
              required
              rows={8}
            />
          ))}
          <TextArea
            c={c}
            name="links"
            label={t('submissions.fields.links')}
            hint={t('submissions.fields.linksHint')}
            value={fields.links.join('\n')}
            errors={errors}
            rows={3}
          />
          {/* Co-authors' addresses are the owner's to manage; others do not see them. */}
          {owner ? (
            <TextArea
              c={c}
              name="coauthors"
              label={t('submissions.fields.coauthors')}
              hint={t('submissions.fields.coauthorsHint')}
              value={fields.coauthors.join('\n')}
              errors={errors}
              rows={3}
            />
          ) : null}
          {owner && group.length ? (
            <fieldset class="field" id="field-conflicts">
              <legend>{t('submissions.fields.conflicts')}</legend>
              <p class="hint">{t('submissions.fields.conflictsHint')}</p>
              {group.map((member) => (
                <div class="choice" key={member.id}>
                  <input
                    type="checkbox"
                    id={`conflict-${member.id}`}
                    name="conflicts"
                    value={member.id}
                    checked={declared.includes(member.id)}
                  />
                  <label for={`conflict-${member.id}`} dir="auto">
                    {member.name} ({member.organisation})
                  </label>
                </div>
              ))}
            </fieldset>
          ) : null}
          <Checkbox
            c={c}
            name="consent_publish"
            label={t('submissions.fields.consent')}
            checked={fields.consentPublish}
            errors={errors}
          />
        </fieldset>
        {editable ? (
          <div class="button-row">
            <button type="submit" name="intent" value="save" class="button button-secondary">
              {t('submissions.saveDraft')}
            </button>
            {owner ? (
              <button type="submit" name="intent" value="submit" class="button">
                {t(status === 'submitted' ? 'submissions.saveSubmitted' : 'submissions.submit')}
              </button>
            ) : null}
          </div>
        ) : null}
        <p class="hint autosave-status" aria-live="polite" />
      </Form>

      {submission ? (
        <section class="card" aria-labelledby="files-title">
          <h2 id="files-title">{t('submissions.filesTitle')}</h2>
          <p class="hint">{t('submissions.filesHint', { max: MAX_FILES })}</p>
          {submission.files.length ? (
            <ul>
              {submission.files.map((file) => (
                <li key={file.id}>
                  <a href={`/submissions/${submission.id}/files/${file.id}`}>{file.filename}</a> (
                  {Math.ceil(file.size / 1024)} KB)
                  {editable ? (
                    <Form
                      c={c}
                      action={c.href(`/submissions/${submission.id}/files/${file.id}/delete`)}
                      class="inline-form"
                    >
                      {' '}
                      <button type="submit" class="link-button">
                        {t('submissions.removeFile', { name: file.filename })}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {fileError && !(editable && submission.files.length < MAX_FILES) ? (
            <p class="field-error" role="alert">
              {t(fileError)}
            </p>
          ) : null}
          {editable && submission.files.length < MAX_FILES ? (
            <Form
              c={c}
              action={c.href(`/submissions/${submission.id}/files`)}
              enctype="multipart/form-data"
              class="stack"
            >
              <div class={fileError ? 'field has-error' : 'field'}>
                <label for="field-file">{t('submissions.addFile')}</label>
                {fileError ? (
                  <p class="field-error" id="field-file-error">
                    {t(fileError)}
                  </p>
                ) : null}
                <input
                  id="field-file"
                  name="file"
                  type="file"
                  accept="application/pdf,image/png,image/jpeg"
                  aria-describedby={fileError ? 'field-file-error' : undefined}
                />
              </div>
              <button type="submit" class="button button-secondary">
                {t('submissions.upload')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {submission && owner && editable ? (
        <section class="card" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t('submissions.withdrawTitle')}</h2>
          <Form c={c} action={c.href(`/submissions/${submission.id}/withdraw`)} class="stack narrow">
            <TextField
              c={c}
              name="reason"
              label={t('submissions.withdrawReason')}
              errors={errors}
              required
              maxLength={500}
              dir="auto"
            />
            <button type="submit" class="button button-danger">
              {t('submissions.withdraw')}
            </button>
          </Form>
        </section>
      ) : null}
      {submission?.status === 'withdrawn' ? (
        <p class="notice">{t('submissions.withdrawnNotice', { reason: submission.withdrawReason ?? '' })}</p>
      ) : null}
    </Layout>
  );
}

interface MySubmission {
  id: string;
  title: string;
  status: string;
  updated_at: string;
  callTitle: string;
}

export function MySubmissionsPage({ c, submissions }: { c: PageContext; submissions: MySubmission[] }) {
  const { t } = c;
  return (
    <Layout c={c} title={t('submissions.mineTitle')} noindex>
      <h1>{t('submissions.mineTitle')}</h1>
      {submissions.length === 0 ? (
        <p>
          {t('submissions.mineNone')} <a href={c.href('/calls')}>{t('layout.nav.calls')}</a>
        </p>
      ) : (
        <ul class="card-grid">
          {submissions.map((s) => (
            <li class="card" key={s.id}>
              <h2>
                <a href={c.href(`/submissions/${s.id}`)}>{s.title || t('submissions.untitled')}</a>
              </h2>
              <p class="meta">
                {inLocale(JSON.parse(s.callTitle), c.locale)} · {t(`submissions.status.${s.status}`)} ·{' '}
                {c.formatDate(s.updated_at)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
