import { ErrorSummary, type FieldErrors, Form, TextField } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';

export interface AdminCertificate {
  id: string;
  learnerName: string;
  email: string;
  courseTitle: string;
  issuedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

interface Props {
  c: PageContext;
  certificates: AdminCertificate[];
  query: string;
  /** The certificate whose revocation form had a problem, with its errors and the reason typed. */
  failed?: { id: string; errors: FieldErrors; reason: string };
  notice?: string;
}

export function AdminCertificatesPage({ c, certificates, query, failed, notice }: Props) {
  const { t } = c;
  return (
    <Layout c={c} title={t('certificates.adminTitle')} noindex>
      <h1>{t('certificates.adminTitle')}</h1>
      <Notice c={c} message={notice} />
      <search>
        <form method="get" action={c.href('/admin/certificates')} class="search-row">
          <div class="field">
            <label for="certificates-q">{t('certificates.adminSearch')}</label>
            <input id="certificates-q" name="q" type="search" value={query} />
          </div>
          <button type="submit" class="button">
            {t('adminUsers.searchSubmit')}
          </button>
        </form>
      </search>
      {certificates.length === 0 ? <p>{t('certificates.adminNone')}</p> : null}
      {certificates.map((cert) => {
        const errors = failed?.id === cert.id ? failed.errors : {};
        return (
          <section class="card" key={cert.id} aria-labelledby={`cert-${cert.id}`}>
            <h2 id={`cert-${cert.id}`} dir="auto">
              {cert.learnerName} · {cert.courseTitle}
            </h2>
            <p class="meta">
              <span dir="ltr">{cert.email}</span> · {c.formatDate(cert.issuedAt)} ·{' '}
              <a href={c.href(`/verify/${cert.id}`)}>{cert.id}</a>
            </p>
            {cert.revokedAt ? (
              <p>
                <strong>{t('certificates.revokedOn', { date: c.formatDate(cert.revokedAt) })}</strong>{' '}
                {cert.revokedReason ? t('certificates.reason', { reason: cert.revokedReason }) : null}
              </p>
            ) : (
              <Form c={c} action={c.href(`/admin/certificates/${cert.id}/revoke`)} class="stack narrow">
                <ErrorSummary c={c} errors={errors} />
                <TextField
                  c={c}
                  name={`reason-${cert.id}`}
                  label={t('certificates.revokeReason')}
                  value={failed?.id === cert.id ? failed.reason : ''}
                  errors={errors}
                  required
                  maxLength={500}
                  dir="auto"
                />
                <button type="submit" class="button button-danger">
                  {t('certificates.revoke')}
                </button>
              </Form>
            )}
          </section>
        );
      })}
    </Layout>
  );
}
