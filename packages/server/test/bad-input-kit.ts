// The bad-input matrix shared by the order endpoints' tests (standard-bad-input,
// sharebalance-bad-input): each case is a request and the 4xx envelope it must
// get, in English and in Chinese. The tests assert that nothing changed.
import type { TestCustomer, TestPlatform } from './harness.ts';

export interface Case {
  name: string;
  /** A JSON body, or with `raw` the exact text sent. */
  body?: unknown;
  raw?: string;
  contentType?: string | null;
  status: number;
  code: string;
  en: string;
  zh: string;
}

type Body = (extra: Record<string, unknown>) => Record<string, unknown>;

export const BODY_LIMIT = 64 * 1024;

export const invalid = (field: string) => ({ status: 400, code: 'VALIDATION_FAILED', en: `Invalid value for '${field}'`, zh: `参数 '${field}' 无效` });
export const required = (field: string) => ({ status: 400, code: 'VALIDATION_FAILED', en: `Invalid value for '${field}': is required`, zh: `参数 '${field}' 无效：为必填项` });
const badAmount = (field: string, en: string, zh: string) => ({ status: 400, code: 'INVALID_AMOUNT', en: `Invalid amount '${field}': ${en}`, zh: `金额 '${field}' 无效：${zh}` });

/** What every order POST refuses: bodies that are not a JSON object, wrong content types, bad customerOrderNo. */
export function requestCases(body: Body): Case[] {
  return [
    { name: 'malformed JSON', raw: '{"cardId": "x",', contentType: 'application/json', status: 400, code: 'MALFORMED_JSON', en: 'The request body is not valid JSON', zh: '请求体不是有效的 JSON' },
    { name: 'an empty JSON body', raw: '', contentType: 'application/json', status: 400, code: 'MALFORMED_JSON', en: 'not valid JSON', zh: '不是有效的 JSON' },
    { name: 'a JSON array', body: [body({})], ...invalid('body') },
    { name: 'JSON null', raw: 'null', contentType: 'application/json', ...invalid('body') },
    { name: `a body over ${BODY_LIMIT} bytes`, body: body({ customerOrderNo: 'x'.repeat(BODY_LIMIT) }), status: 413, code: 'PAYLOAD_TOO_LARGE', en: `exceeds ${BODY_LIMIT} bytes`, zh: `请求体超过 ${BODY_LIMIT} 字节` },
    ...['text/plain', 'application/x-www-form-urlencoded', 'application/xml'].map((type) => ({
      name: `Content-Type ${type}`, contentType: type,
      raw: type === 'application/x-www-form-urlencoded' ? new URLSearchParams(body({}) as Record<string, string>).toString() : JSON.stringify(body({})),
      status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', en: `Content-Type '${type}' is not supported`, zh: `不支持的 Content-Type '${type}'`,
    })),
    { name: 'no Content-Type', raw: JSON.stringify(body({})), contentType: null, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', en: 'send application/json', zh: '请使用 application/json' },
    { name: 'customerOrderNo as a number', body: body({ customerOrderNo: 123 }), ...invalid('customerOrderNo') },
    { name: 'customerOrderNo with a space', body: body({ customerOrderNo: 'A B' }), ...invalid('customerOrderNo') },
    { name: 'customerOrderNo longer than 64', body: body({ customerOrderNo: 'A'.repeat(65) }), ...invalid('customerOrderNo') },
    { name: 'an empty customerOrderNo', body: body({ customerOrderNo: '' }), ...invalid('customerOrderNo') },
  ];
}

/** What every endpoint that takes a cardId refuses. */
export function cardIdCases(body: Body): Case[] {
  return [
    { name: 'cardId missing', body: body({ cardId: undefined }), ...required('cardId') },
    { name: 'cardId as a number', body: body({ cardId: 123 }), ...invalid('cardId') },
    { name: 'cardId null', body: body({ cardId: null }), ...invalid('cardId') },
    { name: 'an empty cardId', body: body({ cardId: '' }), ...invalid('cardId') },
    { name: 'an unknown cardId', body: body({ cardId: 'CARD0000000000000000' }), status: 404, code: 'CARD_NOT_FOUND', en: "Card 'CARD0000000000000000' does not exist", zh: "卡 'CARD0000000000000000' 不存在" },
  ];
}

/** What an amount field (USD) refuses: wrong types, zero and negatives, too many decimals, not numbers, absurd sizes. */
export function amountCases(field: string, body: Body, options: { required: boolean }): Case[] {
  const wrongType = { status: 400, code: 'VALIDATION_FAILED', en: `Invalid value for '${field}': has the wrong type`, zh: `参数 '${field}' 无效：类型错误` };
  const notPositive = badAmount(field, 'must be greater than zero', '必须大于零');
  const notNumber = badAmount(field, 'must be a decimal number', '必须是十进制数');
  const decimals = badAmount(field, 'USD amounts have at most 2 decimals', 'USD 金额最多 2 位小数');
  const tooLarge = badAmount(field, 'is larger than the platform allows', '超过平台允许的最大值');
  const named = (value: unknown) => `${field} ${JSON.stringify(value)}`;
  return [
    ...(options.required ? [{ name: `${field} missing`, body: body({ [field]: undefined }), ...required(field) }] : []),
    ...[true, {}, [], [10]].map((value) => ({ name: named(value), body: body({ [field]: value }), ...wrongType })),
    ...[-10, '-10', -0.01].map((value) => ({ name: named(value), body: body({ [field]: value }), ...notPositive })),
    ...[0, '0', '0.00'].map((value) => ({ name: named(value), body: body({ [field]: value }), ...notPositive })),
    ...['1.001', 1.001, '0.001'].map((value) => ({ name: named(value), body: body({ [field]: value }), ...decimals })),
    ...['1e3', '1E3', 1e21, 'abc', '10,5', 'Infinity', '0x10', ' ', '1.2.3'].map((value) => ({ name: named(value), body: body({ [field]: value }), ...notNumber })),
    ...['123456789012', 123456789012, '99999999999.99'].map((value) => ({ name: named(value), body: body({ [field]: value }), ...tooLarge })),
  ];
}

/** Sends a case to `path` as customer `c`, optionally asking for another language. */
export function sendCase(p: TestPlatform, c: TestCustomer, path: string, k: Case, language?: string) {
  const headers: Record<string, string> = language ? { 'accept-language': language } : {};
  if (k.raw === undefined) return p.api('POST', path, { token: c.token, body: k.body, headers });
  if (k.contentType) headers['content-type'] = k.contentType;
  return p.api('POST', path, { token: c.token, body: k.raw, headers });
}
