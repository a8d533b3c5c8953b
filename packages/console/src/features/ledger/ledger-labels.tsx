import { useMessages } from '../../lib/i18n.tsx';
import { ACCOUNT_TYPES } from './api.ts';
import { ledgerMessages } from './messages.ts';

const known = (value: string): value is (typeof ACCOUNT_TYPES)[number] => (ACCOUNT_TYPES as readonly string[]).includes(value);

/** An account type in the user's language; one the console does not know is shown as the server sent it. */
export function AccountTypeLabel({ type }: { type: string }) {
  const t = useMessages(ledgerMessages);
  return <>{known(type) ? t(`accountType.${type}`) : type}</>;
}
