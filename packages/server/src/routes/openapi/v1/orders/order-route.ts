import type { TSchema, Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { CardModel } from '@cardepass/contract';
import type { AppContext } from '../../../../context.ts';
import { ok } from '../../../../plugins/envelope.ts';
import { renderOrder } from '../../../../services/orders/render.ts';
import { OrderQueries } from '../../../../services/orders/queries.ts';
import type { Submitted } from '../../../../services/orders/pipeline.ts';
import type { Principal } from '../../../../services/orders/standard.ts';
import { bearerSecurity, errorResponses, page, pageWindow, type TypedApp } from '../../../route-kit.ts';

export interface OrderEndpoint<B extends TSchema> {
  path: string;
  /** The OpenAPI tag grouping the endpoint (default 'Standard orders'). */
  tag?: string;
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
      tags: [endpoint.tag ?? 'Standard orders'], summary: endpoint.summary, description: endpoint.description, security: bearerSecurity,
      body: endpoint.body, response: { 200: endpoint.response, ...errorResponses },
    },
  }, async (request: FastifyRequest<{ Body: Static<B> }>, reply) => {
    const { order, replayed } = await endpoint.submit(request.principal, request.body);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return ok(request, renderOrder(order, request.language));
  });
}

export interface OrderQueryEndpoint {
  path: string;
  cardModel: CardModel;
  tag: string;
  summary: string;
  querystring: TSchema;
  response: TSchema;
}

/** What every mode's query string carries (the schema of each mode narrows OrderType). */
interface OrderQuery { OrderType?: string; OrderNo?: string; CustomerOrderNo?: string; PageNumber?: number; PageSize?: number }

/** Registers a mode's order query: one order by OrderNo or CustomerOrderNo, else a page of orders filtered by OrderType. */
export function registerOrderQuery(app: TypedApp, ctx: AppContext, endpoint: OrderQueryEndpoint): void {
  const orders = new OrderQueries(ctx.store);
  app.get(endpoint.path, {
    schema: {
      tags: [endpoint.tag], summary: endpoint.summary, security: bearerSecurity,
      description: `With OrderNo or CustomerOrderNo: that order (404 if there is no such ${endpoint.cardModel} order). Without: a page, newest first.`,
      querystring: endpoint.querystring, response: { 200: endpoint.response, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query as OrderQuery;
    const customerId = request.principal.customerId;
    if (q.OrderNo || q.CustomerOrderNo) {
      const order = await orders.find(customerId, endpoint.cardModel, { orderNo: q.OrderNo, customerOrderNo: q.CustomerOrderNo });
      return ok(request, renderOrder(order, request.language));
    }
    const window = pageWindow(q.PageNumber, q.PageSize);
    const { total, rows } = await orders.page(customerId, endpoint.cardModel, q.OrderType, window.limit, window.offset);
    return ok(request, page(window, total, rows.map((o) => renderOrder(o, request.language))));
  });
}
