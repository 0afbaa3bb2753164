import { createServer } from 'node:net';

/** A port `npm start` needs is held by another process. */
export class PortBusyError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    /** What needs it, and the config key that moves it. */
    readonly purpose: string,
    readonly key: string,
  ) {
    super(
      `port ${port} on ${host} is in use; watchsync needs it for ${purpose}. Another \`npm start\` or Temporal server still ` +
        `running? Stop it, or choose another port with ${key} in config.json (README: Ports).`,
    );
    this.name = 'PortBusyError';
  }
}

export interface WantedPort {
  port: number;
  purpose: string;
  key: string;
}

/** Whether `port` on `host` can be listened on now. */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Fails on the first busy port, before anything is started, so nothing is left half up. */
export async function assertPortsFree(host: string, wanted: WantedPort[]): Promise<void> {
  for (const { port, purpose, key } of wanted) {
    if (port !== 0 && !(await portIsFree(host, port))) throw new PortBusyError(host, port, purpose, key);
  }
}
