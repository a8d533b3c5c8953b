import { Type, type Static } from '@sinclair/typebox';
import { Envelope } from '../envelope.ts';

/**
 * Key rotation, under /admin/v1/keys. No answer ever carries key material,
 * except the new admin key, once, in the answer of its own rotation.
 */
const Timestamp = (description: string) => Type.String({ format: 'date-time', description });
const NullableTimestamp = (description: string) => Type.Union([Timestamp(description), Type.Null()]);

export const JwtSigningKey = Type.Object({
  kid: Type.String({ description: 'The key id in the header of the tokens it signs ("legacy": tokens without a kid)' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('retiring'), Type.Literal('retired')], {
    description: 'active: signs new tokens; retiring: verifies the tokens it signed until retireAt; retired: refused',
  }),
  createdAt: Timestamp('Created'),
  retireAt: NullableTimestamp('When a retiring key stops verifying: its last token has expired by then'),
  retiredAt: NullableTimestamp('When it was retired'),
});
export type JwtSigningKey = Static<typeof JwtSigningKey>;
export const JwtSigningKeyListResponse = Envelope(Type.Array(JwtSigningKey));

export const JwtRotation = Type.Object({
  kid: Type.String({ description: 'The new active key: every process signs new tokens with it from now on' }),
  previousKid: Type.Union([Type.String(), Type.Null()]),
  previousRetireAt: NullableTimestamp("Tokens of the previous key stay valid until they expire; the key retires at this time"),
});
export type JwtRotation = Static<typeof JwtRotation>;
export const JwtRotationResponse = Envelope(JwtRotation);

export const DataKeyStatus = Type.Object({
  currentVersion: Type.Integer({ description: 'The data key new cards are encrypted with (0: the master key itself, before any rotation)' }),
  remaining: Type.Integer({ description: 'Cards still encrypted with an older version; 0 when re-encryption is complete' }),
  cardsByVersion: Type.Array(Type.Object({ version: Type.Integer(), cards: Type.Integer() })),
  running: Type.Boolean({ description: 'Whether the server that answered is re-encrypting now' }),
  cardsDone: Type.Integer({ description: "Cards that server re-encrypted in its current or last run" }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Why its last run stopped early; run the rotation again to resume' }),
});
export type DataKeyStatus = Static<typeof DataKeyStatus>;
export const DataKeyStatusResponse = Envelope(DataKeyStatus);

export const DataKeyRotation = Type.Composite([
  Type.Object({
    rotated: Type.Boolean({ description: 'true: a new data key was added; false: an unfinished re-encryption was resumed instead' }),
  }),
  DataKeyStatus,
]);
export type DataKeyRotation = Static<typeof DataKeyRotation>;
export const DataKeyRotationResponse = Envelope(DataKeyRotation);

export const AdminKeyRotation = Type.Object({
  adminKey: Type.String({ description: 'The new admin key, shown this once; the previous key is refused from now on' }),
  keyFile: Type.Union([Type.String(), Type.Null()], { description: 'The admin.key file the server rewrote with the new key, if its key came from one' }),
  environmentOutdated: Type.Boolean({ description: 'The server was given its key in CARDEPASS_ADMIN_KEY: set it to the new key before its next start' }),
});
export type AdminKeyRotation = Static<typeof AdminKeyRotation>;
export const AdminKeyRotationResponse = Envelope(AdminKeyRotation);
