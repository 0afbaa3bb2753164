import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NotificationHub, NotificationSocket } from './notificationHub';

export interface NotificationsOptions {
  /** Whether a token may open the socket (PMS accepts the owner's and shared users' tokens). */
  authorize(token: string): boolean;
}

type NotificationsRequest = FastifyRequest<{ Querystring: { 'X-Plex-Token'?: string; filters?: string } }>;

function tokenOf(req: NotificationsRequest): string | undefined {
  const header = req.headers['x-plex-token'];
  return typeof header === 'string' ? header : req.query['X-Plex-Token'];
}

/**
 * Adds `GET /:/websockets/notifications?X-Plex-Token=` to a PMS app. A bad token is answered 401 before the
 * upgrade, as PMS does; while connections are refused (fault), 503. Registers @fastify/websocket unless the app
 * already has it, so await this before the app is ready.
 */
export async function registerNotifications(
  app: FastifyInstance,
  player: { notifications: NotificationHub },
  options: NotificationsOptions,
): Promise<void> {
  if (!app.hasDecorator('websocketServer')) await app.register(fastifyWebsocket);
  const hub = player.notifications;
  app.get(
    // "::" is find-my-way's literal colon; a single ":" would make the segment a parameter.
    '/::/websockets/notifications',
    {
      websocket: true,
      preValidation: async (req: NotificationsRequest, reply) => {
        const token = tokenOf(req);
        if (token === undefined || !options.authorize(token)) return reply.code(401).send({ error: 'Unauthorized' });
        if (!hub.accepting()) return reply.code(503).send({ error: 'Service Unavailable' });
      },
    },
    (socket: NotificationSocket, req: NotificationsRequest) => {
      const filters = req.query.filters?.split(',').filter((f) => f !== '');
      hub.attach(socket, filters && filters.length > 0 ? new Set(filters) : undefined);
    },
  );
}
