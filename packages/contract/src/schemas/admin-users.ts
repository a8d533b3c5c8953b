import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, DateTimeOutput, IdInput } from '../envelope.ts';
import { EmailInput, RoleSchema, User, UserStatusSchema } from './people.ts';

/**
 * Users and the organisation's two-factor rule under /admin/v1: an owner
 * manages every user, a customer admin its own customer's team. New users get
 * no password: the answer carries a one-time link the administrator hands over
 * (no e-mail server needed), its token in the URL fragment so no server or proxy logs it.
 */
const strict = { additionalProperties: false } as const;

export const UsersListQuery = Type.Object({
  customerId: Type.Optional(IdInput('Only this customer\'s users (a customer user always gets its own)')),
  role: Type.Optional(RoleSchema),
  status: Type.Optional(UserStatusSchema),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'E-mail or name contains (case-insensitive)' })),
  ...PageQuery,
});
export type UsersListQuery = Static<typeof UsersListQuery>;
export const UsersPageResponse = Envelope(Page(User));
export const UsersUserResponse = Envelope(User);

export const UsersCreateRequest = Type.Object({
  email: EmailInput,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  role: RoleSchema,
  customerId: Type.Optional(IdInput('The customer of a customer role (a customer admin: its own, may be left out); absent for operator roles')),
}, strict);
export type UsersCreateRequest = Static<typeof UsersCreateRequest>;

export const UsersPasswordLink = Type.Object({
  url: Type.String({ description: 'Relative console URL with the one-time token in its #fragment; shown once, give it to the user' }),
  expiresOn: DateTimeOutput('The link works until then, once'),
});
export type UsersPasswordLink = Static<typeof UsersPasswordLink>;
export const UsersCreateResponse = Envelope(Type.Object({ user: User, passwordLink: UsersPasswordLink }));
export const UsersPasswordLinkResponse = Envelope(Type.Object({ user: User, passwordLink: UsersPasswordLink }));

export const UsersUpdateRequest = Type.Object({
  name: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()])),
  role: Type.Optional(RoleSchema),
  status: Type.Optional(UserStatusSchema),
}, { ...strict, minProperties: 1 });
export type UsersUpdateRequest = Static<typeof UsersUpdateRequest>;

export const UsersSignOutResponse = Envelope(Type.Object({
  sessionsEnded: Type.Integer({ description: 'How many live sessions were ended' }),
}));

export const UsersSecuritySettings = Type.Object({
  requireTotp: Type.Boolean({ description: 'Every user of the organisation must use an authenticator app; those without one may only enrol after signing in' }),
});
export type UsersSecuritySettings = Static<typeof UsersSecuritySettings>;
export const UsersSecuritySettingsRequest = Type.Object({ requireTotp: Type.Boolean() }, strict);
export const UsersSecuritySettingsResponse = Envelope(UsersSecuritySettings);
