import { Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import { type PageContext, ROLES, type Role } from '../../platform/views/page-context.ts';

interface AdminUsersProps {
  c: PageContext;
  query: string;
  role: string;
  page: number;
  pageSize: number;
  total: number;
  users: { id: string; name: string; email: string; verified: boolean; createdAt: string; roles: Role[] }[];
  notice?: string;
}

export function AdminUsersPage({ c, query, role, page, pageSize, total, users, notice }: AdminUsersProps) {
  const { t } = c;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pageHref = (p: number) =>
    c.href(`/admin/users?q=${encodeURIComponent(query)}&role=${encodeURIComponent(role)}&page=${p}`);
  return (
    <Layout c={c} title={t('adminUsers.title')} noindex>
      <h1>{t('adminUsers.title')}</h1>
      <Notice c={c} message={notice} />
      <search>
        <form method="get" action={c.href('/admin/users')} class="search-row">
          <div class="field">
            <label for="users-q">{t('adminUsers.search')}</label>
            <input id="users-q" name="q" type="search" value={query} />
          </div>
          <div class="field">
            <label for="users-role">{t('adminUsers.role')}</label>
            <select id="users-role" name="role">
              <option value="">{t('adminUsers.anyRole')}</option>
              {ROLES.map((r) => (
                <option value={r} selected={r === role} key={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            {t('adminUsers.searchSubmit')}
          </button>
        </form>
      </search>
      <p role="status">{t('adminUsers.count', { count: total })}</p>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{t('adminUsers.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fields.name')}</th>
              <th scope="col">{t('fields.email')}</th>
              <th scope="col">{t('adminUsers.joined')}</th>
              <th scope="col">{t('adminUsers.roles')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td dir="auto">{user.name}</td>
                <td dir="ltr">
                  {user.email}
                  {user.verified ? null : <span class="tag"> {t('adminUsers.unverified')}</span>}
                </td>
                <td>{c.formatDate(user.createdAt)}</td>
                <td>
                  {user.id === c.user?.id ? (
                    <span>{user.roles.map((r) => t(`roles.${r}`)).join(', ')}</span>
                  ) : (
                    <Form c={c} action={c.href(`/admin/users/${user.id}/roles`)} class="roles-form">
                      <fieldset>
                        <legend class="visually-hidden">
                          {t('adminUsers.rolesOf', { name: user.name })}
                        </legend>
                        {ROLES.map((r) => (
                          <label key={r} class="inline-check">
                            <input type="checkbox" name="roles" value={r} checked={user.roles.includes(r)} />{' '}
                            {t(`roles.${r}`)}
                          </label>
                        ))}
                      </fieldset>
                      <button type="submit" class="button button-small">
                        {t('adminUsers.saveRoles')}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label={t('pagination.label')} class="pagination">
          {page > 1 ? <a href={pageHref(page - 1)}>{t('pagination.previous')}</a> : null}
          <span>{t('pagination.pageOf', { page, pages })}</span>
          {page < pages ? <a href={pageHref(page + 1)}>{t('pagination.next')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}
