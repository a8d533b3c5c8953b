import { useState } from 'react';
import { useSearch } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { ROLES, assignableRoles, isCustomerRole, type Role } from '@cardepass/contract';
import { Badge } from '../../components/badge.tsx';
import { CustomerSelect } from '../../components/customer-select.tsx';
import { DataTable, FilterBar, type Column, type ListSearch } from '../../components/data-table.tsx';
import { Field } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Time } from '../../lib/format.tsx';
import { useMessages, useT } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useUsers, type UserRow } from './api.ts';
import { InviteUserDialog } from './invite-user-dialog.tsx';
import { ManageUserDialog } from './manage-user-dialog.tsx';
import { userMessages } from './messages.ts';

/** The API's filter names (GET /admin/v1/users): the URL carries them, the server applies them. */
export const USER_FILTERS = ['customerId', 'role', 'status', 'q'] as const;

/**
 * /users: operators see every user (filtered by customer if they like); a customer user sees its own
 * team ("Team members", the server scopes the list), without the customer column and filter. With
 * users.write: "Invite user" and, on every row but one's own, "Manage".
 */
export function UsersPage() {
  const t = useMessages(userMessages);
  const shared = useT();
  const search = useSearch({ strict: false }) as ListSearch;
  const session = useQuery(sessionQuery).data;
  const me = session?.user;
  const operator = me ? !isCustomerRole(me.role) : false;
  const canWrite = session?.permissions.includes('users.write') ?? false;
  const assignable = me && canWrite ? assignableRoles(me.role) : [];
  const users = useUsers(search);
  const [inviting, setInviting] = useState(false);
  const [managing, setManaging] = useState<UserRow | null>(null);
  const filters = operator ? USER_FILTERS : USER_FILTERS.filter((name) => name !== 'customerId');
  // A customer user's filter offers its own kind of roles only: the others never appear in its team.
  const filterRoles = operator ? ROLES : ROLES.filter((r) => isCustomerRole(r));

  const columns: Column<UserRow>[] = [
    { header: t('email'), cell: (u) => <>{u.email}{u.userId === me?.userId ? <> <Badge tone="info">{t('you')}</Badge></> : null}</> },
    { header: t('name'), cell: (u) => u.name ?? '—' },
    { header: t('role'), cell: (u) => shared(`role.${u.role}`) },
    ...(operator ? [{ header: t('customer'), cell: (u: UserRow) => (u.customerId ? <code>{u.customerId}</code> : <span className="muted">{t('operator')}</span>) }] : []),
    { header: t('status'), cell: (u) => <Badge tone={u.status === 'Active' ? 'good' : 'bad'}>{t(`status.${u.status}`)}</Badge> },
    { header: t('twoFactor'), cell: (u) => (u.totpEnabled ? t('on') : t('off')) },
    { header: t('password'), cell: (u) => (u.passwordSet ? t('passwordSet') : <Badge tone="warn">{t('passwordPending')}</Badge>) },
    { header: t('lastSignIn'), cell: (u) => <Time value={u.lastSignInOn} /> },
    ...(canWrite ? [{
      header: t('actions'),
      // Nobody changes their own role or status here (the server refuses it: USER_SELF_CHANGE).
      cell: (u: UserRow) => (u.userId === me?.userId ? null : (
        <button type="button" className="button" aria-label={t('manageLabel', { email: u.email })} onClick={() => setManaging(u)}>{t('manage')}</button>
      )),
    }] : []),
  ];

  return (
    <>
      <PageHeader title={operator ? t('listTitle') : t('teamTitle')} description={operator ? t('listIntro') : t('teamIntro')}
        actions={assignable.length ? <button type="button" className="button button-primary" onClick={() => setInviting(true)}>{t('invite')}</button> : null} />
      <FilterBar filters={filters}>
        {operator ? <CustomerSelect value={search.customerId as string | undefined} emptyLabel={t('allCustomers')} /> : null}
        <SelectField label={t('role')} name="role" defaultValue={search.role ?? ''}>
          <option value="">{t('any')}</option>
          {filterRoles.map((r: Role) => <option key={r} value={r}>{shared(`role.${r}`)}</option>)}
        </SelectField>
        <SelectField label={t('status')} name="status" defaultValue={search.status ?? ''}>
          <option value="">{t('any')}</option>
          <option value="Active">{t('status.Active')}</option>
          <option value="Disabled">{t('status.Disabled')}</option>
        </SelectField>
        <Field label={t('search')} name="q" defaultValue={search.q ?? ''} maxLength={100} hint={t('searchHint')} />
      </FilterBar>
      <DataTable caption={operator ? t('caption') : t('teamTitle')} columns={columns} query={users} rowKey={(u) => u.userId} empty={t('empty')} />
      {inviting ? <InviteUserDialog roles={assignable} operator={operator} onClose={() => setInviting(false)} /> : null}
      {managing ? <ManageUserDialog user={managing} assignable={assignable} onClose={() => setManaging(null)} /> : null}
    </>
  );
}
