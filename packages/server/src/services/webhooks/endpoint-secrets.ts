import { decryptField, encryptField } from '../../lib/crypto.ts';
import type { DataKeyring } from '../keys/data-keyring.ts';

/** A signing secret sealed for storage: AES-256-GCM under the newest data key, bound to its endpoint. */
export interface SealedSecret { encrypted: string; keyVersion: number }

const aad = (endpointId: string) => `whsec:${endpointId}`;

export async function sealSecret(dataKeys: DataKeyring, endpointId: string, secret: string): Promise<SealedSecret> {
  const { version, key } = await dataKeys.current();
  return { encrypted: encryptField(key, secret, aad(endpointId)), keyVersion: version };
}

export async function openSecret(dataKeys: DataKeyring, endpointId: string, sealed: SealedSecret): Promise<string> {
  const key = dataKeys.cached(sealed.keyVersion) ?? await dataKeys.key(sealed.keyVersion);
  return decryptField(key, sealed.encrypted, aad(endpointId));
}

/** The columns of webhook_endpoints that hold its secrets. */
export interface EndpointSecretColumns {
  id: string;
  secret_encrypted: string;
  secret_key_version: number;
  previous_secret_encrypted: string | null;
  previous_secret_key_version: number | null;
  previous_secret_expires_at: Date | string | null;
}

/** The secrets that sign a delivery now: the current one, and for 24 hours after a rotation the previous one too. */
export async function secretsInForce(dataKeys: DataKeyring, row: EndpointSecretColumns, now = new Date()): Promise<string[]> {
  const secrets = [await openSecret(dataKeys, row.id, { encrypted: row.secret_encrypted, keyVersion: row.secret_key_version })];
  if (row.previous_secret_encrypted && row.previous_secret_key_version !== null && row.previous_secret_expires_at
      && new Date(row.previous_secret_expires_at).getTime() > now.getTime()) {
    secrets.push(await openSecret(dataKeys, row.id, { encrypted: row.previous_secret_encrypted, keyVersion: row.previous_secret_key_version }));
  }
  return secrets;
}
