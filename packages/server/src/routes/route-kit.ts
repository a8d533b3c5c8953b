import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorEnvelope, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '@cardepass/contract';
import type { AppContext } from '../context.ts';

/** The Fastify instance routes are registered on: TypeBox schemas type the handlers. */
export type TypedApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** One endpoint: a function that registers its route (schema + handler) on the app. */
export type RouteModule = (app: TypedApp, ctx: AppContext) => void;

/** Error responses every endpoint can give, in the envelope. */
export const errorResponses = { '4xx': ErrorEnvelope, '5xx': ErrorEnvelope } as const;
export const bearerSecurity = [{ bearerAuth: [] }];
export const adminSecurity = [{ adminKey: [] }];

export interface PageWindow { pageNumber: number; pageSize: number; limit: number; offset: number }

export function pageWindow(pageNumber = 1, pageSize = DEFAULT_PAGE_SIZE): PageWindow {
  const size = Math.min(Math.max(pageSize, 1), MAX_PAGE_SIZE);
  return { pageNumber, pageSize: size, limit: size, offset: (pageNumber - 1) * size };
}

export function page<T>(window: PageWindow, totalRecords: number, data: T[]) {
  return { pageNumber: window.pageNumber, pageSize: window.pageSize, totalRecords, totalPages: Math.ceil(totalRecords / window.pageSize), data };
}
