import type { CardStatus, OrderStatus } from '@cardepass/contract';
import { Badge, type BadgeTone } from '../../components/badge.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import type { PlacedOrder } from './api.ts';
import { cardMessages } from './messages.ts';

/** Status words in the user's language; the tone comes from the status itself, not from the translated word. */
const CARD_TONES: Record<CardStatus, BadgeTone> = { Active: 'good', Blocked: 'warn', Cancel: 'bad', Expired: 'bad' };
const ORDER_TONES: Record<OrderStatus, BadgeTone> = { Completed: 'good', Processing: 'warn', Failure: 'bad' };

export function CardStatusBadge({ status }: { status: CardStatus }) {
  const t = useMessages(cardMessages);
  return <Badge tone={CARD_TONES[status]}>{t(`status.${status}`)}</Badge>;
}

export function OrderStatusBadge({ status }: { status: string }) {
  return <Badge tone={ORDER_TONES[status as OrderStatus] ?? 'neutral'}>{status}</Badge>;
}

export function ModelLabel({ model }: { model: string }) {
  const t = useMessages(cardMessages);
  return <>{model === 'Standard' || model === 'ShareBalance' ? t(`model.${model}`) : model}</>;
}

/** What became of an order just placed: announced, with the failure reason the server gave. */
export function OrderResult({ order }: { order: PlacedOrder }) {
  const t = useMessages(cardMessages);
  const text = t(`result.${order.status}`, { orderNo: order.orderNo, reason: order.failureReason ?? '' });
  return (
    <div className={`order-result order-result-${order.status.toLowerCase()}`} role="status" data-testid="order-result">
      <OrderStatusBadge status={order.status} /> <span>{text}</span>
    </div>
  );
}
