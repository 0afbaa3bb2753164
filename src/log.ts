import pino, { type DestinationStream, type Logger } from 'pino';
import { redactSecrets, redactText } from './secrets';

export type { Logger } from 'pino';

export interface LogOptions {
  level?: string;
  /** Human-readable output; defaults to "stdout is a terminal". */
  pretty?: boolean;
  name?: string;
}

/** How every watchsync process prints in a terminal. */
export const prettyLogOptions = { colorize: true, translateTime: 'SYS:HH:MM:ss' } as const;

export function createLogger(options: LogOptions = {}, destination?: DestinationStream): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? (destination === undefined && process.stdout.isTTY === true);
  const base: pino.LoggerOptions = {
    level,
    name: options.name,
    // Secrets are masked by key name at any depth and inside URLs (X-Plex-Token=…, user:password@).
    formatters: { log: redactSecrets, bindings: redactSecrets },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>);
      },
    },
    // Errors are serialised after the formatters ran: redacted here, with every field they carry (an HTTP error's
    // quoted body, a failure's details). `error` is the key the Temporal SDK logs failures under.
    serializers: { err: serializeError, error: serializeError },
  };
  if (destination) return pino(base, destination);
  if (pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: prettyLogOptions } });
  return pino(base);
}

function serializeError(err: unknown) {
  if (!(err instanceof Error)) return redactSecrets(err);
  return redactSecrets({ ...pino.stdSerializers.err(err) });
}

type TemporalLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const temporalToPino = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * The Temporal SDK's logger interface on top of pino, so worker and SDK lines share one format and redaction.
 * `expected`: SDK messages that describe how watchsync is meant to run, logged at debug whatever their level.
 */
export function temporalLogger(log: Logger, expected: readonly string[] = []) {
  const write = (level: TemporalLevel, message: string, meta?: Record<string, unknown>) =>
    log[expected.includes(message) ? 'debug' : temporalToPino[level]](meta ?? {}, message);
  return {
    log: write,
    trace: (message: string, meta?: Record<string, unknown>) => write('TRACE', message, meta),
    debug: (message: string, meta?: Record<string, unknown>) => write('DEBUG', message, meta),
    info: (message: string, meta?: Record<string, unknown>) => write('INFO', message, meta),
    warn: (message: string, meta?: Record<string, unknown>) => write('WARN', message, meta),
    error: (message: string, meta?: Record<string, unknown>) => write('ERROR', message, meta),
  };
}
