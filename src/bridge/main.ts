import { loadConfig } from '../config';
import { BridgePortInUseError, startBridge } from './bridge';
import { createBridgeLog } from './bridge-log';
import { LogRing } from './log-ring';

async function main(): Promise<void> {
  const config = loadConfig();
  const logRing = new LogRing();
  const log = createBridgeLog(config.log.level, logRing);
  const bridge = await startBridge({ config, log, logRing });
  log.info(
    { url: bridge.url, watch: bridge.watcher !== undefined, webhook: config.bridge.webhook.enabled, scrobble: config.scrobble.enabled },
    'bridge listening',
  );
  if (bridge.dashboardUrl) log.info({ dashboardUrl: bridge.dashboardUrl }, `dashboard: ${bridge.dashboardUrl}`);
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
  // A busy port is an operator's everyday problem: one line that says what to do, not a stack.
  console.error(error instanceof BridgePortInUseError ? `watchsync bridge: ${error.message}` : error);
  process.exit(1);
});
