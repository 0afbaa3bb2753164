/**
 * What counts as a secret, in one place: config keys, token fields of Plex/Trakt payloads and URL parts.
 * Logs, CLI output and API responses all go through these.
 */
export const secretKeys = [
  'encryption_key',
  'previous_encryption_keys',
  'account_token',
  'pms_token',
  'home_user_pin',
  'client_secret',
  'admin_token',
  'webhook_secret',
  'stash_hook_secret',
  'api_key',
  'apikey',
  'ApiKey',
  'access_token',
  'refresh_token',
  'accessToken',
  'authToken',
  'token',
  'password',
  'secret',
  'X-Plex-Token',
  'x-plex-token',
  'authorization',
  'Authorization',
] as const;

export const redacted = '[redacted]';
const secretKeySet = new Set<string>(secretKeys);

/** Masks token-like query parameters and the password of a URL (e.g. DATABASE_URL, PMS URLs). */
export function redactUrl(text: string): string {
  return text
    .replace(/([?&](?:X-Plex-Token|token|access_token|refresh_token|client_secret)=)[^&#\s"]*/gi, `$1${redacted}`)
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@/\s]+@/gi, `$1${redacted}@`);
}

const escaped = secretKeys.map((key) => key.replace(/[-]/g, '\\-')).join('|');
/** `"access_token":"…"`, `refresh_token: …`, `authToken='…'`: a secret field quoted in text (JSON, a form, a log). */
const secretField = new RegExp(`((?<![\\w-])["']?(?:${escaped})["']?\\s*[:=]\\s*["']?)[^"'&\\s,;}<]+`, 'gi');
const bearer = /\b(Bearer\s+)[\w.~+/=-]+/gi;

/**
 * Masks what a free text (an error message, a stack, a quoted answer) may carry: URL secrets as `redactUrl`,
 * secret fields written out as JSON or key=value, and bearer tokens. A token quoted without its field name cannot
 * be recognised: answers of auth endpoints are never quoted at all (providers/http.ts `secretAnswer`).
 */
export function redactText(text: string): string {
  return redactUrl(text).replace(bearer, `$1${redacted}`).replace(secretField, `$1${redacted}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy with every secret field replaced and every string masked as `redactText` does. Only plain objects and arrays
 * are walked: errors, dates and buffers pass through (the logger's error serializer masks error texts).
 */
export function redactSecrets<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map(redactSecrets) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, secretKeySet.has(k) && v !== undefined && v !== null ? redacted : redactSecrets(v)]),
    ) as T;
  }
  return value;
}

/** An encryption key of the config (`secrets.encryption_key`): 32 bytes in base64, or undefined when it is not one. */
export function decodeSecretKey(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === text.trim() ? bytes : undefined;
}
