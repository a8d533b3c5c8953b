import type { TSchema, Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ok } from '../../../../plugins/envelope.ts';
import { renderOrder } from '../../../../services/orders/render.ts';
import type { Submitted } from '../../../../services/orders/pipeline.ts';
import type { Principal } from '../../../../services/orders/standard.ts';
import { bearerSecurity, errorResponses, type TypedApp } from '../../../route-kit.ts';

export interface OrderEndpoint<B extends TSchema> {
  path: string;
  summary: string;
  description: string;
  body: B;
  response: TSchema;
  submit: (who: Principal, body: Static<B>) => Promise<Submitted>;
}

/**
 * Registers an order endpoint: accept, wait briefly, answer with the order as
 * it stands. A replay of an earlier request answers with the original order
 * and says so in the Idempotent-Replayed header.
 */
export function registerOrderEndpoint<B extends TSchema>(app: TypedApp, endpoint: OrderEndpoint<B>): void {
  app.post(endpoint.path, {
    schema: {
      tags: ['Standard orders'], summary: endpoint.summary, description: endpoint.description, security: bearerSecurity,
      body: endpoint.body, response: { 200: endpoint.response, ...errorResponses },
    },
  }, async (request: FastifyRequest<{ Body: Static<B> }>, reply) => {
    const { order, replayed } = await endpoint.submit(request.principal, request.body);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return ok(request, renderOrder(order, request.language));
  });
}
