/**
 * Syncing as a member of a Plex Home: the Home admin's token switches to the member (with its PIN when the
 * profile is protected); the member's own token then reads Discover and plex.tv, and its token for the PMS
 * (the server's `accessToken` in the member's plex.tv resources) reads the member's ratings and plays.
 */
import { HttpError } from '../http';
import { createPlexClient, type PlexClient } from './client';
import type { PlexClientOptions } from './options';
import type { PlexTvHomeUser } from './schemas';

export interface HomeUserChoice {
  /** The member's profile title, username or plex.tv uuid. */
  user: string;
  pin?: string;
}

export type HomeUserProblem = 'not_found' | 'pin_required' | 'pin_refused';

export class HomeUserError extends Error {
  constructor(
    readonly problem: HomeUserProblem,
    readonly user: string,
    /** Profile titles of the Home, so the message says what would have matched. */
    readonly available: string[],
  ) {
    const reasons: Record<HomeUserProblem, string> = {
      not_found: `no member "${user}" in this Plex Home (members: ${available.join(', ')})`,
      pin_required: `the Plex Home profile "${user}" is protected and needs its PIN`,
      pin_refused: `plex.tv refused the PIN of the Plex Home profile "${user}"`,
    };
    super(reasons[problem]);
    this.name = 'HomeUserError';
  }
}

/** By uuid first (stable), then by title or username, ignoring case. */
export function findHomeUser(users: readonly PlexTvHomeUser[], wanted: string): PlexTvHomeUser | undefined {
  const name = wanted.toLowerCase();
  return (
    users.find((u) => u.uuid === wanted) ??
    users.find((u) => u.title.toLowerCase() === name || (u.username !== null && u.username.toLowerCase() === name))
  );
}

/** A client acting as the Home member; `admin` holds the Home admin's account token. */
export async function createHomeUserClient(admin: PlexClientOptions, choice: HomeUserChoice): Promise<PlexClient> {
  const adminClient = createPlexClient(admin);
  const users = await adminClient.homeUsers();
  const user = findHomeUser(users, choice.user);
  const titles = users.map((u) => u.title);
  if (!user) throw new HomeUserError('not_found', choice.user, titles);
  if (user.protected && !choice.pin) throw new HomeUserError('pin_required', user.title, titles);
  let accountToken: string;
  try {
    accountToken = await adminClient.switchHomeUser(user.uuid, user.protected ? choice.pin : undefined);
  } catch (error) {
    if (error instanceof HttpError && error.status === 403) throw new HomeUserError('pin_refused', user.title, titles);
    throw error;
  }
  // The admin's PMS token would read the admin's ratings: the member reads the PMS with a token of its own.
  const asMember = { ...admin, accountToken, pmsToken: undefined };
  const pmsToken = admin.pmsUrl ? await createPlexClient(asMember).serverAccessToken() : undefined;
  return createPlexClient({ ...asMember, pmsToken });
}
