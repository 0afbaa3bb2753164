import pino from 'pino';
import pinoPretty from 'pino-pretty';
import { createLogger, type Logger, prettyLogOptions } from '../log';
import type { LogRing } from './log-ring';

/**
 * The bridge's logger: every line to stdout (pretty in a terminal, JSON otherwise, like the other processes) and,
 * as JSON, to the ring the ops endpoint serves. Both are already redacted by the logger.
 */
export function createBridgeLog(level: string, logRing: LogRing, stdout: NodeJS.WriteStream = process.stdout): Logger {
  const terminal = stdout.isTTY === true ? pinoPretty({ ...prettyLogOptions, destination: stdout }) : stdout;
  const destination = pino.multistream([
    { level: 'trace', stream: terminal },
    { level: 'trace', stream: logRing },
  ]);
  return createLogger({ level, name: 'bridge' }, destination);
}
