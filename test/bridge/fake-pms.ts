import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';

/** A PMS that serves /identity, an empty /status/sessions and a websocket whose frames the test writes itself. */
export async function startFakePms(machineIdentifier: string) {
  const app = Fastify({ logger: false });
  await app.register(fastifyWebsocket);
  const sockets: { send(data: string | Buffer): void }[] = [];
  app.get('/identity', async () => ({ MediaContainer: { size: 0, claimed: true, machineIdentifier, version: '1.41.0' } }));
  app.get('/status/sessions', async () => ({ MediaContainer: { size: 0 } }));
  app.get('/::/websockets/notifications', { websocket: true }, (socket) => {
    sockets.push(socket);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    connected: () => sockets.length > 0,
    send: (data: string | Buffer) => {
      for (const socket of sockets) socket.send(data);
    },
    close: () => app.close(),
  };
}
