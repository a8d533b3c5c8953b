/**
 * Keys that can be rotated without downtime: JWT signing keys with a kid,
 * versioned data-encryption keys (envelope encryption under the master key,
 * which stays outside the database), and the admin key's hash, so that every
 * process refuses a replaced admin key on its next request.
 */
export const up = /* sql */ `
-- Access-token signing keys. One is active (new tokens); after a rotation the
-- previous one is 'retiring' (still verifies) until retire_at, the moment the
-- last token it signed has expired; then 'retired', refused, its secret erased.
CREATE TABLE jwt_signing_keys (
  kid text PRIMARY KEY,
  secret text,
  status text NOT NULL CHECK (status IN ('active', 'retiring', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  retire_at timestamptz,
  retired_at timestamptz,
  CHECK ((status = 'retired') = (secret IS NULL)),
  CHECK (status <> 'retiring' OR retire_at IS NOT NULL)
);
CREATE UNIQUE INDEX jwt_signing_keys_one_active ON jwt_signing_keys ((true)) WHERE status = 'active';
-- The key every token was signed with before kids existed becomes the first
-- kid: tokens without a kid are verified with it until it retires.
INSERT INTO jwt_signing_keys (kid, secret, status) SELECT 'legacy', value, 'active' FROM settings WHERE key = 'jwt_signing_key';
DELETE FROM settings WHERE key = 'jwt_signing_key';

-- Data-encryption keys for PAN and CVV, each wrapped (AES-256-GCM) by the
-- master key. Version 0 is not stored: it is the key derived from the master
-- key itself, which every card encrypted before versioning uses.
CREATE TABLE data_keys (
  version integer PRIMARY KEY CHECK (version > 0),
  wrapped text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE cards ADD COLUMN data_key_version integer NOT NULL DEFAULT 0;
-- Re-encryption finds the cards still on an older version through it; the
-- column changes only then, so ordinary card updates stay HOT.
CREATE INDEX cards_data_key_version ON cards (data_key_version);

-- The admin key, as a SHA-256 hash: exactly one active; replaced ones are kept
-- so that a process started with an outdated CARDEPASS_ADMIN_KEY can say so.
CREATE TABLE admin_keys (
  key_sha256 text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('active', 'replaced')),
  created_at timestamptz NOT NULL DEFAULT now(),
  replaced_at timestamptz
);
CREATE UNIQUE INDEX admin_keys_one_active ON admin_keys ((true)) WHERE status = 'active';
`;
