import { TRANSACTION_STATUSES, TRANSACTION_TYPES, type TransactionStatus } from '@cardepass/contract';
import { Badge, type BadgeTone } from '../../components/badge.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { transactionMessages } from './messages.ts';

/** Transaction words in the user's language; the tone comes from the status, the text always says it. */
const STATUS_TONES: Record<TransactionStatus, BadgeTone> = {
  Pending: 'warn', Declined: 'bad', Settled: 'good', Reversed: 'info', Expired: 'neutral', Completed: 'good',
};
const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

export function TransactionStatusBadge({ status }: { status: string }) {
  const t = useMessages(transactionMessages);
  return known(TRANSACTION_STATUSES, status) ? <Badge tone={STATUS_TONES[status]}>{t(`status.${status}`)}</Badge> : <Badge>{status}</Badge>;
}

export function TransactionTypeLabel({ type }: { type: string }) {
  const t = useMessages(transactionMessages);
  return <>{known(TRANSACTION_TYPES, type) ? t(`type.${type}`) : type}</>;
}
