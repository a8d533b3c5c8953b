import { CARD_MODELS, ORDER_STATUSES, ORDER_TYPES, type OrderStatus } from '@cardepass/contract';
import { Badge, type BadgeTone } from '../../components/badge.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { orderMessages } from './messages.ts';

/** Order words in the user's language; a value the console does not know yet is shown as the server sent it. */
const STATUS_TONES: Record<OrderStatus, BadgeTone> = { Completed: 'good', Processing: 'warn', Failure: 'bad' };
const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

export function OrderStatusBadge({ status }: { status: string }) {
  const t = useMessages(orderMessages);
  return known(ORDER_STATUSES, status) ? <Badge tone={STATUS_TONES[status]}>{t(`status.${status}`)}</Badge> : <Badge>{status}</Badge>;
}

export function OrderTypeLabel({ type }: { type: string }) {
  const t = useMessages(orderMessages);
  return <>{known(ORDER_TYPES, type) ? t(`type.${type}`) : type}</>;
}

export function ModelLabel({ model }: { model: string }) {
  const t = useMessages(orderMessages);
  return <>{known(CARD_MODELS, model) ? t(`model.${model}`) : model}</>;
}

const ACCOUNT_KINDS = ['funding', 'card', 'fee_revenue', 'external', 'network'] as const;
export function AccountKindLabel({ kind }: { kind: string }) {
  const t = useMessages(orderMessages);
  return <>{known(ACCOUNT_KINDS, kind) ? t(`account.${kind}`) : kind}</>;
}
