import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.ts';
import { ApiError } from '../../../lib/api-error.ts';
import { ownCustomerId, scopedCustomerId } from '../access.ts';

/**
 * The customer a cross-customer list is narrowed to: a customer user's own
 * (another's → 404 CUSTOMER_NOT_FOUND), an operator's choice, or undefined =
 * every customer. An operator naming an unknown customer gets 404, not an
 * empty page that would look like "no data yet".
 */
export async function listScope(request: FastifyRequest, ctx: AppContext, requested: string | undefined): Promise<string | undefined> {
  const customerId = scopedCustomerId(request, requested);
  if (requested !== undefined && ownCustomerId(request) === null) await ctx.customers.get(requested);
  return customerId;
}

/**
 * The one customer a per-customer read is about (webhook endpoints, events):
 * a customer user's own whether named or not (another's → 404
 * CUSTOMER_NOT_FOUND); an operator must name an existing one.
 */
export async function requiredCustomer(request: FastifyRequest, ctx: AppContext, requested: string | undefined): Promise<string> {
  const customerId = scopedCustomerId(request, requested);
  if (customerId === undefined) throw new ApiError('VALIDATION_FAILED', { field: 'customerId', reason: { en: 'is required', zh: '为必填项' } });
  if (ownCustomerId(request) === null) await ctx.customers.get(customerId);
  return customerId;
}
