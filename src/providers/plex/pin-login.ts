import { requestJson } from '../http';
import { plexTvPinSchema } from './schemas';

/**
 * plex.tv's PIN login (`watchsync auth plex`): create a PIN, let the user link it at plex.tv/link (or the
 * auth app URL), then poll until plex.tv hands out the account token.
 */
export interface PinLogin {
  id: number;
  code: string;
  /** Where the user approves the login. */
  authUrl: string;
  expiresInS: number;
}

const headers = (clientIdentifier: string) => ({ 'X-Plex-Client-Identifier': clientIdentifier, 'X-Plex-Product': 'watchsync' });

export async function startPinLogin(plextvUrl: string, clientIdentifier: string): Promise<PinLogin> {
  const { data } = await requestJson(
    { method: 'POST', url: `${plextvUrl}/api/v2/pins`, query: { strong: 'true' }, headers: headers(clientIdentifier), secretAnswer: true },
    plexTvPinSchema,
  );
  const authUrl = `https://app.plex.tv/auth#?${new URLSearchParams({ clientID: clientIdentifier, code: data.code, 'context[device][product]': 'watchsync' })}`;
  return { id: data.id, code: data.code, authUrl, expiresInS: data.expiresIn ?? 900 };
}

/** One poll: the account token once the PIN is linked, else undefined. */
export async function pollPinLogin(plextvUrl: string, clientIdentifier: string, pinId: number): Promise<string | undefined> {
  const { data } = await requestJson(
    { url: `${plextvUrl}/api/v2/pins/${pinId}`, headers: headers(clientIdentifier), secretAnswer: true },
    plexTvPinSchema,
  );
  return data.authToken ?? undefined;
}
