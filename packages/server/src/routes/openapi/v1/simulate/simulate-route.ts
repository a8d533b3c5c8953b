import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { TransactionResponse } from '@cardepass/contract';
import { ok } from '../../../../plugins/envelope.ts';
import type { LifecycleResult } from '../../../../services/transactions/lifecycle.ts';
import { renderTransaction } from '../../../../services/transactions/render.ts';
import { bearerSecurity, errorResponses, type TypedApp } from '../../../route-kit.ts';

export interface SimulateEndpoint<B extends TSchema> {
  path: string;
  summary: string;
  description: string;
  body: B;
  run: (customerId: string, body: Static<B>) => Promise<LifecycleResult>;
}

/**
 * Registers a sandbox network endpoint: the event happens as if the card
 * network had sent it, and the answer is the transaction it produced. The
 * same reference again answers with the original, marked Idempotent-Replayed.
 */
export function registerSimulateEndpoint<B extends TSchema>(app: TypedApp, endpoint: SimulateEndpoint<B>): void {
  app.post(endpoint.path, {
    schema: {
      tags: ['Sandbox network'], summary: endpoint.summary, description: `${endpoint.description} Sandbox only (404 in production).`,
      security: bearerSecurity, body: endpoint.body, response: { 200: TransactionResponse, ...errorResponses },
    },
  }, async (request: FastifyRequest<{ Body: Static<B> }>, reply) => {
    const { transaction, replayed } = await endpoint.run(request.principal.customerId, request.body);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return ok(request, renderTransaction(transaction, request.language));
  });
}
