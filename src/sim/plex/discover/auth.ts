import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The plex.tv token a request carries, as the X-Plex-Token header or query parameter. */
export function plexToken(req: FastifyRequest): string | undefined {
  const header = req.headers['x-plex-token'];
  if (typeof header === 'string' && header !== '') return header;
  const query = req.query as Record<string, string | undefined>;
  return query['X-Plex-Token'] ?? query['x-plex-token'];
}

/** Answers 401 for a missing or unknown token on every route of `scope`. */
export function requireKnownToken(scope: FastifyInstance, isKnownToken: (token: string) => boolean): void {
  scope.addHook('preHandler', async (req, reply) => {
    const token = plexToken(req);
    if (token === undefined || !isKnownToken(token)) return reply.code(401).send({ error: 'Unauthorized', status: 401 });
  });
}

/** The token of a request that passed `requireKnownToken`. */
export function knownToken(req: FastifyRequest): string {
  const token = plexToken(req);
  if (token === undefined) throw new Error('route registered outside requireKnownToken');
  return token;
}
