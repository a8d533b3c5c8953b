import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, DateTimeOutput, IdInput } from '../envelope.ts';

/** The audit log under /admin/v1: who changed what, when, from where; append-only and hash-chained. */
const DateInput = (description: string) => Type.String({ maxLength: 40, description: `${description}: ISO 8601 date or date-time, UTC` });

export const AuditListQuery = Type.Object({
  actorId: Type.Optional(IdInput('User id, or admin-key')),
  actorType: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('admin_key'), Type.Literal('api_client'), Type.Literal('system')])),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'e.g. product.update' })),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  targetId: Type.Optional(IdInput('Target id')),
  customerId: Type.Optional(IdInput('Whose data (a customer admin always gets its own)')),
  from: Type.Optional(DateInput('Recorded from')),
  to: Type.Optional(DateInput('Recorded until (inclusive); at most 3 months after from')),
  ...PageQuery,
});
export type AuditListQuery = Static<typeof AuditListQuery>;

export const AuditEntry = Type.Object({
  auditId: Type.String(),
  seq: Type.Integer({ description: 'Position in the hash chain, from 1' }),
  at: DateTimeOutput('Recorded'),
  actorType: Type.String(),
  actorId: Type.String(),
  actorLabel: Type.Union([Type.String(), Type.Null()], { description: 'E-mail of the user, or "admin key"' }),
  customerId: Type.Union([Type.String(), Type.Null()], { description: 'Whose data changed' }),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown({ description: 'The target before the change (secrets redacted), or null' }),
  after: Type.Unknown({ description: 'The target after the change (secrets redacted), or null' }),
  reason: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  responseId: Type.Union([Type.String(), Type.Null()], { description: 'The request that made the change' }),
  hash: Type.String({ description: 'sha256 over the row and the previous row\'s hash' }),
});
export type AuditEntry = Static<typeof AuditEntry>;
export const AuditParams = Type.Object({ auditId: IdInput('Audit entry id') });
export const AuditEntryResponse = Envelope(AuditEntry);
export const AuditListResponse = Envelope(Page(AuditEntry));

export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  rows: Type.Integer({ description: 'Rows checked' }),
  firstBrokenSeq: Type.Union([Type.String(), Type.Null()], { description: 'The first row whose hash or link does not verify' }),
  headMatches: Type.Boolean({ description: 'The chain\'s recorded head is the last row (false when rows were removed from the end)' }),
});
export type AuditVerification = Static<typeof AuditVerification>;
export const AuditVerificationResponse = Envelope(AuditVerification);
