import { useState } from 'react';
import { isCustomerRole, type Role } from '@cardepass/contract';
import { FormError, SubmitButton, onSubmitOnce } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { useMessages, useT } from '../../lib/i18n.tsx';
import { useNewPasswordLink, useResetTotp, useSignOutUser, useUpdateUser, type PasswordLink, type UserRow } from './api.ts';
import { userMessages } from './messages.ts';
import { PasswordLinkOnce } from './password-link-once.tsx';

type Step = 'menu' | 'role' | 'status' | 'link' | 'signOut' | 'totp';

/**
 * One user's actions (users.write), in one dialog: the menu, then the chosen action's form or
 * confirmation, then its outcome. Roles offered are those the signed-in user may give, of the same
 * kind as the user's (the server refuses a change between operator and customer roles).
 */
export function ManageUserDialog({ user: opened, assignable, onClose }: { user: UserRow; assignable: readonly Role[]; onClose: () => void }) {
  const t = useMessages(userMessages);
  // The user as the last answer left it (status, role, two-factor change what the menu offers).
  const [user, setUser] = useState(opened);
  const shared = useT();
  const [step, setStep] = useState<Step>('menu');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [link, setLink] = useState<PasswordLink | null>(null);
  const update = useUpdateUser();
  const newLink = useNewPasswordLink();
  const signOut = useSignOutUser();
  const resetTotp = useResetTotp();
  const roles = assignable.filter((r) => isCustomerRole(r) === isCustomerRole(user.role));
  const pending = update.isPending || newLink.isPending || signOut.isPending || resetTotp.isPending;
  const disabling = user.status === 'Active';
  const email = user.email;

  const go = (next: Step) => { for (const m of [update, newLink, signOut, resetTotp]) m.reset(); setOutcome(null); setStep(next); };
  const finish = (message: string, row?: UserRow) => { if (row) setUser(row); setOutcome(message); setStep('menu'); };

  const submitRole = onSubmitOnce(update.isPending, (values) => {
    const role = values.role as Role;
    update.mutate({ userId: user.userId, change: { role } }, { onSuccess: (row) => finish(t('roleSaved', { role: shared(`role.${row.role}`) }), row) });
  });

  const confirm = (title: string, body: string, label: string, error: unknown, run: () => void) => (
    <>
      <h3>{title}</h3>
      <p>{body}</p>
      <FormError error={error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => go('menu')} disabled={pending}>{t('back')}</button>
        <button type="button" className="button button-danger" onClick={run} disabled={pending} aria-busy={pending || undefined}>
          {pending ? shared('form.working') : label}
        </button>
      </div>
    </>
  );

  return (
    <Modal title={t('manageTitle', { email })} busy={pending} onClose={onClose} wide>
      {step === 'menu' ? (
        <>
          {outcome ? <p className="success" role="status">{outcome}</p> : null}
          {link ? <PasswordLinkOnce email={email} link={link} /> : null}
          <div className="manage-actions">
            {roles.length > 1 ? <button type="button" className="button" onClick={() => go('role')}>{t('changeRole')}</button> : null}
            <button type="button" className="button" onClick={() => go('status')}>{disabling ? t('disable') : t('enable')}</button>
            <button type="button" className="button" onClick={() => { setLink(null); go('link'); }}>{t('newLink')}</button>
            <button type="button" className="button" onClick={() => go('signOut')}>{t('signOut')}</button>
            {user.totpEnabled ? <button type="button" className="button" onClick={() => go('totp')}>{t('resetTotp')}</button> : null}
          </div>
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose}>{link ? t('linkDone') : t('done')}</button>
          </div>
        </>
      ) : step === 'role' ? (
        <form noValidate onSubmit={submitRole} aria-label={t('changeRole')}>
          <h3>{t('changeRole')}</h3>
          <SelectField label={t('newRole')} name="role" defaultValue={user.role}>
            {roles.map((r) => <option key={r} value={r}>{shared(`role.${r}`)}</option>)}
          </SelectField>
          <FormError error={update.error} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => go('menu')} disabled={pending}>{t('back')}</button>
            <SubmitButton pending={update.isPending}>{t('saveRole')}</SubmitButton>
          </div>
        </form>
      ) : step === 'status' ? (
        confirm(t(disabling ? 'disableTitle' : 'enableTitle', { email }), t(disabling ? 'disableBody' : 'enableBody'),
          disabling ? t('disable') : t('enable'), update.error,
          () => update.mutate({ userId: user.userId, change: { status: disabling ? 'Disabled' : 'Active' } },
            { onSuccess: (row) => finish(t(`status.${row.status}`), row) }))
      ) : step === 'link' ? (
        confirm(t('newLinkTitle', { email }), t('newLinkBody'), t('newLinkConfirm'), newLink.error,
          () => newLink.mutate(user.userId, {
            // Into this dialog's state only, and out of the mutation cache at once.
            onSuccess: (answer) => { setUser(answer.user); setLink(answer.passwordLink); newLink.reset(); setStep('menu'); },
          }))
      ) : step === 'signOut' ? (
        confirm(t('signOutTitle', { email }), t('signOutBody'), t('signOut'), signOut.error,
          () => signOut.mutate(user.userId, { onSuccess: (answer) => finish(t('signedOut', { count: answer.sessionsEnded })) }))
      ) : (
        confirm(t('resetTotpTitle', { email }), t('resetTotpBody'), t('resetTotp'), resetTotp.error,
          () => resetTotp.mutate(user.userId, { onSuccess: (row) => finish(t('totpReset'), row) }))
      )}
    </Modal>
  );
}
