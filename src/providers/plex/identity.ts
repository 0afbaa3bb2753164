/**
 * Who watchsync syncs for: the plex.tv account of the token, and that account's id on the PMS (the
 * `accountID` of history rows). PMS calls its owner 1 and Home users by their own ids, and lists them
 * by name in /accounts, so the id is found by plex.tv id, then by name; a non-owner token sees only
 * itself. Plex Home: a managed user has no username and no password; its token comes from the
 * home-user switch, made with the owner's (admin's) account token.
 */
import { HttpError, NetworkError } from '../http';
import type { PlexContext } from './context';
import { pmsHost } from './context';
import {
  type PlexTvHomeUser,
  plexTvHomeUsersSchema,
  plexTvResourcesSchema,
  plexTvSwitchResponseSchema,
  plexTvUserSchema,
  pmsAccountsSchema,
  pmsIdentitySchema,
} from './schemas';

export interface PlexIdentity {
  /** The PMS accountID; undefined without a PMS or when the server does not list the user. */
  accountId: number | undefined;
  /** plex.tv username, or the profile title of a managed user (who has none). */
  username: string;
  uuid: string;
  title: string;
  managed: boolean;
  /** plex.tv user id. */
  plexTvId: number;
}

/** PMS's owner is always account 1. */
const ownerAccountId = 1;

export async function readIdentity(ctx: PlexContext): Promise<PlexIdentity> {
  const { data: user } = await ctx.transport.get(ctx.plextv, { path: '/api/v2/user', secretAnswer: true }, plexTvUserSchema);
  const managed = user.username === null;
  const identity = { username: user.username ?? user.title, uuid: user.uuid, title: user.title, managed, plexTvId: user.id };
  if (!ctx.pms) return { ...identity, accountId: undefined };
  const { data } = await ctx.transport.get(ctx.pms, { path: '/accounts' }, pmsAccountsSchema);
  // Account 0 is PMS's anonymous/local account, never a person.
  const accounts = (data.MediaContainer.Account ?? []).filter((account) => account.id !== 0);
  const names = new Set([user.title, user.username].filter((name): name is string => !!name).map((name) => name.toLowerCase()));
  const match =
    accounts.find((account) => account.id === user.id) ??
    accounts.find((account) => names.has(account.name.toLowerCase())) ??
    (accounts.length === 1 ? accounts[0] : undefined);
  const accountId = match?.id ?? (user.homeAdmin ? ownerAccountId : undefined);
  return { ...identity, accountId };
}

export async function listHomeUsers(ctx: PlexContext): Promise<PlexTvHomeUser[]> {
  const { data } = await ctx.transport.get(ctx.plextv, { path: '/api/v2/home/users' }, plexTvHomeUsersSchema);
  return data.users;
}

/**
 * A token of Home user `uuid`, for the PMS and Discover reads made on that user's behalf. A protected
 * user needs its PIN; a wrong one is an HttpError 403 (plex.tv error code 1041).
 */
export async function switchHomeUser(ctx: PlexContext, uuid: string, pin?: string): Promise<string> {
  const path = `/api/v2/home/users/${encodeURIComponent(uuid)}/switch`;
  try {
    const { data } = await ctx.transport.get(
      ctx.plextv,
      { method: 'POST', path, query: { pin }, secretAnswer: true },
      plexTvSwitchResponseSchema,
    );
    return data.authToken;
  } catch (error) {
    // plex.tv takes the PIN in the query string: keep it out of the error's endpoint and message.
    const endpoint = `${ctx.plextv.baseUrl}${path}`;
    if (error instanceof HttpError)
      throw new HttpError(error.status, error.method, endpoint, error.body, error.retryAfterMs, error.headers);
    if (error instanceof NetworkError) throw new NetworkError(error.method, endpoint, error.cause);
    throw error;
  }
}

/** The PMS's machineIdentifier (what webhooks call Server.uuid and plex.tv resources call clientIdentifier). */
export async function readServerId(ctx: PlexContext): Promise<string> {
  return (await ctx.transport.get(pmsHost(ctx), { path: '/identity' }, pmsIdentitySchema)).data.MediaContainer.machineIdentifier;
}

/** The token plex.tv hands the account for the configured PMS; undefined when the server is not shared with it. */
export async function readServerAccessToken(ctx: PlexContext): Promise<string | undefined> {
  const serverId = await readServerId(ctx);
  const { data } = await ctx.transport.get(
    ctx.plextv,
    { path: '/api/v2/resources', query: { includeHttps: 1 }, secretAnswer: true },
    plexTvResourcesSchema,
  );
  const server = data.find((r) => r.clientIdentifier === serverId && r.provides.split(',').includes('server'));
  return server?.accessToken ?? undefined;
}
