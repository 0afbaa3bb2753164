import type { FastifyInstance } from 'fastify';

/** Starts a simulator app on a free loopback port and returns its base URL (tests and demos talk real HTTP). */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator is not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
}
