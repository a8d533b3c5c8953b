import { Link } from '@tanstack/react-router';
import type { Role } from '@cardepass/contract';
import { Badge } from '../../components/badge.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { Time } from '../../lib/format.tsx';
import { useMessages, useT } from '../../lib/i18n.tsx';
import { useCustomerUsers } from './api.ts';
import { customerMessages } from './messages.ts';

/** The customer's console users (the first page); the users page, filtered by this customer, lists and manages them all. */
export function CustomerUsers({ customerId }: { customerId: string }) {
  const t = useMessages(customerMessages);
  const shared = useT();
  const users = useCustomerUsers(customerId, true);
  return (
    <section className="panel" aria-labelledby="users-title">
      <div className="section-head">
        <h2 id="users-title">{t('users')}</h2>
        <Link to="/users" search={{ customerId } as never}>{t('allUsers')}</Link>
      </div>
      {users.isPending ? <Loading /> : users.isError ? <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        : users.data.data.length === 0 ? <Empty>{t('noUsers')}</Empty> : (
          <div className="table-wrap">
            <table className="table" aria-label={t('usersCaption')}>
              <thead><tr>
                <th scope="col">{t('email')}</th><th scope="col">{t('name')}</th><th scope="col">{t('role')}</th>
                <th scope="col">{t('status')}</th><th scope="col">{t('lastSignIn')}</th>
              </tr></thead>
              <tbody>
                {users.data.data.map((u) => (
                  <tr key={u.userId}>
                    <td>{u.email}</td>
                    <td>{u.name ?? '—'}</td>
                    <td>{shared(`role.${u.role as Role}`)}</td>
                    <td><Badge tone={u.status === 'Active' ? 'good' : 'bad'}>{t(`status.${u.status}`)}</Badge></td>
                    <td><Time value={u.lastSignInOn} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {users.data.totalRecords > users.data.data.length ? <p className="muted small pagination">{shared('table.total', { total: users.data.totalRecords })}</p> : null}
          </div>
        )}
    </section>
  );
}
