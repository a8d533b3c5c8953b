import { Type, type Static } from '@sinclair/typebox';

/** POST /connect/token, form-encoded (RFC 6749 §4.4). Credentials may also come as HTTP Basic. */
export const TokenRequest = Type.Object({
  grant_type: Type.Optional(Type.String({ maxLength: 64, description: 'Fixed: client_credentials' })),
  client_id: Type.Optional(Type.String({ maxLength: 128 })),
  client_secret: Type.Optional(Type.String({ maxLength: 256 })),
  scope: Type.Optional(Type.String({ maxLength: 256, description: 'Fixed: openapi (the default)' })),
});
export type TokenRequest = Static<typeof TokenRequest>;

export const TokenResponse = Type.Object({
  access_token: Type.String({ description: 'Signed JWT; send as Authorization: Bearer …' }),
  expires_in: Type.Integer({ description: 'Lifetime in seconds (3600)' }),
  token_type: Type.Literal('Bearer'),
  scope: Type.String(),
});
export type TokenResponse = Static<typeof TokenResponse>;

// slow_down: too many failed attempts from this client_id or address; wait Retry-After seconds (429).
export const OAUTH_ERRORS = ['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope', 'slow_down'] as const;
export const TokenError = Type.Object({
  error: Type.Union(OAUTH_ERRORS.map((e) => Type.Literal(e))),
  error_description: Type.String(),
});
export type TokenError = Static<typeof TokenError>;

export const OPENAPI_SCOPE = 'openapi';
export const TOKEN_TTL_SECONDS = 3600;
