import { connect, type Socket } from 'node:net';
import { createServer } from 'node:tls';
import { generate } from 'selfsigned';

export interface TlsFront {
  /** https://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/**
 * A PMS reached as https://<ip>:32400 with a self-signed certificate: TLS terminated in front of the
 * simulator's plain-HTTP PMS, so requests and the websocket upgrade pass through unchanged.
 */
export async function startTlsFront(target: string): Promise<TlsFront> {
  const { private: key, cert } = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keySize: 2048 });
  const upstream = new URL(target);
  const open = new Set<Socket>();
  const server = createServer({ key, cert }, (client) => {
    const backend = connect(Number(upstream.port), upstream.hostname);
    for (const socket of [client, backend]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    }
    client.on('error', () => backend.destroy());
    backend.on('error', () => client.destroy());
    client.pipe(backend).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the TLS front did not bind a TCP port');
  return {
    url: `https://127.0.0.1:${address.port}`,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
