import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { renderErrorMessage, type ErrorCode, type ErrorParams } from '@cardepass/contract';
import { ApiError } from '../lib/api-error.ts';
import { preferredLanguage, type Language } from '../lib/language.ts';

declare module 'fastify' {
  interface FastifyRequest { language: Language }
  interface FastifyContextConfig { oauth?: boolean }
}

/** The documents' envelope around a successful result. */
export function ok<T>(request: FastifyRequest, data: T) {
  return { responseId: request.id, hasError: false, errorCode: null, errorMessage: request.language === 'zh' ? '操作成功' : 'Success', data };
}

export function errorBody(request: FastifyRequest, code: ErrorCode, params: ErrorParams = {}) {
  return { responseId: request.id, hasError: true, errorCode: code, errorMessage: renderErrorMessage(code, request.language, params), data: null };
}

// Connection refused, server shutting down or starting, too many connections.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300']);

/** Maps any error to its ApiError: handled errors as they are, framework errors by code, the rest as 500. */
function toApiError(error: FastifyError & { validation?: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }>; validationContext?: string }): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error.validation) {
    const first = error.validation.find((e) => e.keyword === 'required') ?? error.validation.find((e) => e.keyword === 'anyOf') ?? error.validation[0];
    const path = first?.instancePath?.replace(/^\//, '').replace(/\//g, '.') ?? '';
    const missing = first?.params?.missingProperty as string | undefined;
    const field = missing ? (path ? `${path}.${missing}` : missing) : path || error.validationContext || 'body';
    const reason = missing ? { en: 'is required', zh: '为必填项' }
      : first?.keyword === 'anyOf' ? { en: 'has the wrong type', zh: '类型错误' }
      : first?.keyword === 'additionalProperties' ? `unknown field '${String(first.params.additionalProperty)}'`
      : first?.message ?? 'is invalid';
    return new ApiError('VALIDATION_FAILED', { field, reason });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('MALFORMED_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', { limit: 0 });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', { contentType: '' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('VALIDATION_FAILED', { field: 'Content-Length', reason: { en: 'does not match the body', zh: '与请求体长度不符' } });
    case 'FST_ERR_BAD_URL':
      return new ApiError('VALIDATION_FAILED', { field: 'url', reason: { en: 'is not valid percent-encoded UTF-8', zh: '不是有效的百分号编码 UTF-8' } });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError('VALIDATION_FAILED', { field: 'url', reason: { en: 'has a path segment longer than 100 characters', zh: '路径段超过 100 个字符' } });
  }
  // The database is down or full: a retryable 503, not a 500 (the SDK and clients back off and retry).
  if (UNAVAILABLE_CODES.has(String(error.code))) return new ApiError('SERVICE_UNAVAILABLE');
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) return new ApiError('MALFORMED_JSON');
  // Any other client error Fastify raises (a new parser or router check): still a 4xx in the envelope, never a 500.
  if (error.statusCode === 413) return new ApiError('PAYLOAD_TOO_LARGE', { limit: 0 });
  if (error.statusCode === 415) return new ApiError('UNSUPPORTED_MEDIA_TYPE', { contentType: '' });
  if (String(error.code).startsWith('FST_') && typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError('VALIDATION_FAILED', { field: 'request', reason: error.message.slice(0, 200) });
  }
  return null;
}

/**
 * The token endpoint speaks RFC 6749 (§5.2) whatever went wrong: client errors are invalid_request
 * (the cause in English, as OAuth clients log it), server errors server_error or temporarily_unavailable.
 */
function sendOAuthError(request: FastifyRequest, reply: FastifyReply, error: FastifyError, apiError: ApiError | null) {
  if (!apiError || apiError.status >= 500) {
    request.log.error({ err: error }, 'token request failed');
    const unavailable = apiError?.code === 'SERVICE_UNAVAILABLE';
    if (unavailable) reply.header('retry-after', '1');
    return reply.status(unavailable ? 503 : 500).send({ error: unavailable ? 'temporarily_unavailable' : 'server_error', error_description: renderErrorMessage(apiError?.code ?? 'INTERNAL_ERROR', 'en') });
  }
  const description = apiError.code === 'UNSUPPORTED_MEDIA_TYPE'
    ? `Content-Type '${apiError.params.contentType}' is not supported; send application/x-www-form-urlencoded`
    : renderErrorMessage(apiError.code, 'en', apiError.params);
  return reply.status(400).send({ error: 'invalid_request', error_description: description });
}

/** Fastify's `frameworkErrors` option (set in app.ts): router errors, before onRequest hooks ran. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.language = preferredLanguage(request.headers['accept-language']);
  reply.header('x-response-id', request.id);
  const apiError = toApiError(error) ?? new ApiError('INTERNAL_ERROR');
  if (apiError.status >= 500) request.log.error({ err: error }, 'router error');
  return reply.status(apiError.status).send(errorBody(request, apiError.code, apiError.params));
}

/**
 * Envelope, response id and errors for every route: the id is a UUID, sent as
 * X-Response-Id and logged with every line; errors become the envelope with a
 * stable errorCode (OAuth routes answer RFC 6749 errors instead).
 */
export default fp(async (app) => {
  app.decorateRequest('language', 'en');
  app.addHook('onRequest', async (request, reply) => {
    request.language = preferredLanguage(request.headers['accept-language']);
    reply.header('x-response-id', request.id);
  });

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error);
    if (apiError?.code === 'PAYLOAD_TOO_LARGE') apiError.params.limit = request.routeOptions.bodyLimit ?? 0;
    if (apiError?.code === 'UNSUPPORTED_MEDIA_TYPE') apiError.params.contentType = String(request.headers['content-type'] ?? '').slice(0, 100);
    if (request.routeOptions.config?.oauth) return sendOAuthError(request, reply, error, apiError);
    if (!apiError) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send(errorBody(request, 'INTERNAL_ERROR'));
    }
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    if (apiError.code === 'SERVICE_UNAVAILABLE') reply.header('retry-after', '1');
    return reply.status(apiError.status).send(errorBody(request, apiError.code, apiError.params));
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.status(404).send(errorBody(request, 'ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0]!.slice(0, 200) })));
});
