import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../../context.ts';
import { ApiError } from '../../../lib/api-error.ts';
import { canSeeCustomer } from '../access.ts';

/**
 * Whose endpoint or event an id names, for a change through the operator API:
 * operators may act on any customer's, a customer user on its own. Another
 * customer's is answered exactly like an unknown id, so ids leak nothing.
 */
export async function endpointOwner(ctx: AppContext, request: FastifyRequest, endpointId: string): Promise<string> {
  const { rows } = await sql<{ customer_id: string }>`
    SELECT customer_id FROM webhook_endpoints WHERE id = ${endpointId} AND status <> 'Deleted'`.execute(ctx.store.db);
  if (!rows[0] || !canSeeCustomer(request, rows[0].customer_id)) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND', { endpointId });
  return rows[0].customer_id;
}

export async function eventOwner(ctx: AppContext, request: FastifyRequest, eventId: string): Promise<string> {
  const { rows } = await sql<{ customer_id: string }>`SELECT customer_id FROM events WHERE id = ${eventId}`.execute(ctx.store.db);
  if (!rows[0] || !canSeeCustomer(request, rows[0].customer_id)) throw new ApiError('EVENT_NOT_FOUND', { eventId });
  return rows[0].customer_id;
}
