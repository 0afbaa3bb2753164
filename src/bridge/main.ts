import { loadConfig } from '../config';
import { createLogger } from '../log';
import { createBridgeServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.log.level, name: 'bridge' });
  const app = createBridgeServer({ config, log });
  await app.listen({ host: config.bridge.host, port: config.bridge.port });
  log.info({ url: `http://${config.bridge.host}:${config.bridge.port}` }, 'bridge listening');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'bridge stopping');
      app.close().then(() => process.exit(0));
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
