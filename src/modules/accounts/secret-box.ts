import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals second-factor secrets at rest with AES-256-GCM under a key derived (HKDF-SHA-256) from the
 * configured SECRET_KEY, so a copy of the database alone does not give away anyone's codes. Without a
 * SECRET_KEY there is nothing outside the database to derive a key from (a key stored beside the data
 * would protect nothing), so the secret is stored as it is, marked `plain:`; setting SECRET_KEY later
 * seals secrets enrolled from then on.
 */
export function sealSecret(secretKey: string | undefined, secret: Uint8Array): string {
  if (!secretKey) return `plain:${Buffer.from(secret).toString('base64url')}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secretKey), iv);
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return `v1:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`;
}

/** Opens what `sealSecret` wrote; throws when the key is missing or wrong (the caller cannot verify codes then). */
export function openSecret(secretKey: string | undefined, stored: string): Uint8Array {
  if (stored.startsWith('plain:')) return Buffer.from(stored.slice(6), 'base64url');
  const [version, iv, tag, sealed] = stored.split(':');
  if (version !== 'v1' || !iv || !tag || sealed === undefined) throw new Error('unknown sealed secret format');
  if (!secretKey) throw new Error('SECRET_KEY is needed to read second-factor secrets sealed with it');
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(secretKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
}

function keyFrom(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'stocktake', 'totp-secret-v1', 32));
}
