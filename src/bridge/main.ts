import pino from 'pino';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { startBridge } from './bridge';
import { LogRing } from './log-ring';

async function main(): Promise<void> {
  const config = loadConfig();
  // Every line goes to stdout and to the ring the ops endpoint serves (both already redacted by the logger).
  const logRing = new LogRing();
  const destination = pino.multistream([
    { level: 'trace', stream: process.stdout },
    { level: 'trace', stream: logRing },
  ]);
  const log = createLogger({ level: config.log.level, name: 'bridge' }, destination);
  const bridge = await startBridge({ config, log, logRing });
  log.info(
    { url: bridge.url, watch: bridge.watcher !== undefined, webhook: config.bridge.webhook.enabled, scrobble: config.scrobble.enabled },
    'bridge listening',
  );
  if (bridge.providerUrl)
    log.info({ providerUrl: bridge.providerUrl }, `Plex metadata provider: add ${bridge.providerUrl} in Plex (Settings → Metadata Agents)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'bridge stopping');
      bridge.close().then(() => process.exit(0));
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
