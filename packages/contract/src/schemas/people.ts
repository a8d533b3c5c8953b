import { Type, type Static } from '@sinclair/typebox';
import { Envelope, DateTimeOutput, NullableDateTime, IdInput } from '../envelope.ts';
import { ROLES, PERMISSION_NAMES } from '../permissions.ts';

/**
 * People of the operator API and the console: users, their sessions and
 * two-factor enrolment. A session is an HttpOnly cookie; every request that
 * changes something also carries the session's CSRF token in X-CSRF-Token.
 */
const strict = { additionalProperties: false } as const;

export const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)), { description: 'Operator roles: owner, admin, support, viewer; customer roles: customer_admin, customer_developer, customer_viewer' });
export const PermissionSchema = Type.Union(PERMISSION_NAMES.map((name) => Type.Literal(name)));
export const UserStatusSchema = Type.Union([Type.Literal('Active'), Type.Literal('Disabled')]);

export const EmailInput = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$', description: 'E-mail address (the sign-in name)' });
// 12 characters at least (NIST SP 800-63B allows 8; we ask for more), 256 at most so hashing stays bounded.
export const PasswordInput = Type.String({ minLength: 12, maxLength: 256, description: 'At least 12 characters, not a commonly used password' });
export const TotpCodeInput = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code of the authenticator app' });
export const RecoveryCodeInput = Type.String({ minLength: 8, maxLength: 32, description: 'One of the recovery codes shown at enrolment (each works once)' });

export const User = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: RoleSchema,
  customerId: Type.Union([Type.String(), Type.Null()], { description: 'The customer a customer user belongs to; null for operators' }),
  status: UserStatusSchema,
  totpEnabled: Type.Boolean(),
  passwordSet: Type.Boolean({ description: 'False until the user has chosen a password through their one-time link' }),
  lastSignInOn: NullableDateTime('Last successful sign-in'),
  createdOn: DateTimeOutput('Created'),
});
export type User = Static<typeof User>;

/** What the console knows about the signed-in user. */
export const SessionInfo = Type.Object({
  user: User,
  permissions: Type.Array(PermissionSchema, { description: 'What this user may do (the permission table, for this role)' }),
  csrfToken: Type.String({ description: 'Send it as X-CSRF-Token on every request that is not a GET' }),
  totpEnrolmentRequired: Type.Boolean({ description: 'The organisation requires two-factor and this user has none yet: only enrolment is allowed until done' }),
  expiresOn: DateTimeOutput('When the session ends at the latest (it also ends after the idle timeout)'),
});
export type SessionInfo = Static<typeof SessionInfo>;
export const SessionResponse = Envelope(SessionInfo);

export const SignInRequest = Type.Object({
  email: EmailInput,
  password: Type.String({ minLength: 1, maxLength: 256 }),
  totpCode: Type.Optional(TotpCodeInput),
  recoveryCode: Type.Optional(RecoveryCodeInput),
}, strict);
export type SignInRequest = Static<typeof SignInRequest>;

export const UserParams = Type.Object({ userId: IdInput('User id') });

// A password a user chooses. The schema only bounds it; the policy (12 to 256 characters, not a
// common password, not the e-mail address) answers 400 PASSWORD_TOO_WEAK with its reason in both languages.
export const NewPasswordInput = Type.String({ minLength: 1, maxLength: 1024, description: '12 to 256 characters, not a commonly used password, not containing your e-mail address' });

export const SignOutResult = Type.Object({
  sessionsEnded: Type.Integer({ description: 'How many sessions this ended' }),
});
export const SignOutResponse = Envelope(SignOutResult);

export const ChangePasswordRequest = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: NewPasswordInput,
}, strict);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const TotpEnrolmentStart = Type.Object({
  secret: Type.String({ description: 'The base32 secret, for typing into an app that cannot scan (shown only here)' }),
  otpauthUri: Type.String({ description: 'otpauth://totp/… (RFC 6238: SHA1, 6 digits, 30 s)' }),
  qrSvg: Type.String({ description: 'The URI as an SVG QR code, to inline' }),
});
export const TotpEnrolmentStartResponse = Envelope(TotpEnrolmentStart);

export const TotpConfirmRequest = Type.Object({ totpCode: TotpCodeInput }, strict);
export type TotpConfirmRequest = Static<typeof TotpConfirmRequest>;

export const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { minItems: 10, maxItems: 10, description: 'Ten one-time codes for when the app is lost; shown only here' }),
});
export const RecoveryCodesResponse = Envelope(RecoveryCodes);

export const TotpDisableRequest = Type.Object({
  password: Type.String({ minLength: 1, maxLength: 256 }),
  totpCode: TotpCodeInput,
}, strict);
export type TotpDisableRequest = Static<typeof TotpDisableRequest>;

export const TotpStatus = Type.Object({ totpEnabled: Type.Boolean() });
export const TotpStatusResponse = Envelope(TotpStatus);

export const PasswordLinkConsumeRequest = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 128, description: 'The token of the one-time link' }),
  password: NewPasswordInput,
}, strict);
export type PasswordLinkConsumeRequest = Static<typeof PasswordLinkConsumeRequest>;

export const PasswordSet = Type.Object({ email: Type.String({ description: 'Sign in with this address and the new password' }) });
export const PasswordSetResponse = Envelope(PasswordSet);
