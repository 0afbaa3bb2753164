import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { decodeSecretKey } from '../secrets';

/**
 * Secrets at rest (Trakt tokens): AES-256-GCM under a key from the config (`secrets.encryption_key`), each value
 * stored with the id of the key that sealed it, so a new key can take over while old rows still open
 * (`secrets.previous_encryption_keys`, then `watchsync secrets rotate`). The id is a hash of the key, never the key.
 */
export interface SecretKeys {
  encryption_key?: string;
  previous_encryption_keys?: string[];
}

export interface SecretBox {
  /** Id of the key new values are sealed with. */
  readonly keyId: string;
  /** `context` names where the value lives (table, row, column): a value copied elsewhere does not open. */
  seal(plain: string, context: string): string;
  open(sealed: string, keyId: string, context: string): string;
}

/** The key is missing, unknown for a stored value, or does not open it: a configuration problem, named by its key. */
export class SecretKeyError extends Error {
  readonly key = 'secrets.encryption_key';
  constructor(problem: string) {
    super(`secrets.encryption_key (WATCHSYNC_SECRET_KEY): ${problem}`);
    this.name = 'SecretKeyError';
  }
}

export const missingKeyProblem =
  'not set, but Trakt tokens are stored encrypted with it; set it to 32 random bytes in base64 (`openssl rand -base64 32`)';

const keyIdOf = (key: Buffer) => createHash('sha256').update('watchsync secret key\0').update(key).digest('hex').slice(0, 16);

/** The box of the configured keys; undefined without a key (tokens then cannot be stored or read). */
export function createSecretBox(keys: SecretKeys): SecretBox | undefined {
  if (!keys.encryption_key) return undefined;
  const all = [keys.encryption_key, ...(keys.previous_encryption_keys ?? [])].map((text) => {
    const key = decodeSecretKey(text);
    if (!key) throw new SecretKeyError('must be 32 random bytes in base64 (`openssl rand -base64 32`)');
    return key;
  });
  const byId = new Map(all.map((key) => [keyIdOf(key), key]));
  const keyId = keyIdOf(all[0]!);
  return {
    keyId,
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', byId.get(keyId)!, iv).setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed, sealedWith, context) {
      const key = byId.get(sealedWith);
      if (!key)
        throw new SecretKeyError(
          `stored secrets are sealed with key ${sealedWith}, which is neither this key (${keyId}) nor one of secrets.previous_encryption_keys`,
        );
      const raw = Buffer.from(sealed, 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(Buffer.from(context));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretKeyError(`a stored secret (${context}) does not open with key ${sealedWith}: it was altered`);
      }
    },
  };
}
