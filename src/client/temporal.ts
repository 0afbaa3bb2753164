import { connect as tcpConnect } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { type Config, loadConfig } from '../config';

/** Temporal did not answer: where the CLI looked, whether watchsync runs that server, and what to do. */
export class TemporalUnreachableError extends Error {
  constructor(
    readonly address: string,
    /** True when the address came from TEMPORAL_ADDRESS: a server the user runs, not `npm start`. */
    readonly external: boolean,
    readonly reason: string,
  ) {
    super(
      `Temporal is not reachable at ${address} (${reason}). ` +
        (external
          ? 'TEMPORAL_ADDRESS names a server watchsync does not start: check that it runs (in Docker: `docker compose ps temporal`) or correct TEMPORAL_ADDRESS.'
          : '`npm start` runs a Temporal dev server at this address (config temporal.address): start it in another terminal, ' +
            'or set TEMPORAL_ADDRESS to the Temporal server you run.'),
    );
    this.name = 'TemporalUnreachableError';
  }
}

/** A TCP connect first: a refused or unresolvable address fails in milliseconds, not at the SDK's deadline. */
function probe(address: string, timeoutMs: number): Promise<string | undefined> {
  const separator = address.lastIndexOf(':');
  const [host, port] = [address.slice(0, separator).replace(/^\[|\]$/g, ''), Number(address.slice(separator + 1))];
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`no answer within ${timeoutMs / 1000} s`);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message));
    });
  });
}

export async function connectClient(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Client> {
  const { address } = config.temporal;
  const external = Boolean(env.TEMPORAL_ADDRESS);
  const refused = await probe(address, 3_000);
  if (refused) throw new TemporalUnreachableError(address, external, refused);
  try {
    const connection = await Connection.connect({ address, connectTimeout: 5_000 });
    return new Client({ connection, namespace: config.temporal.namespace });
  } catch (error) {
    // Something listens there but does not speak Temporal's gRPC (or is still starting).
    throw new TemporalUnreachableError(address, external, error instanceof Error ? error.message : String(error));
  }
}

/** Runs `work` with the CLI's config and a client connected to its Temporal, closed afterwards. */
export async function withTemporal<T>(work: (client: Client, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    return await work(client, config);
  } finally {
    await client.connection.close();
  }
}

/** The web UI page of one workflow execution. */
export function workflowUrl(config: Config, workflowId: string, runId?: string): string {
  const base = `${config.temporal.ui_url}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${runId}` : base;
}
