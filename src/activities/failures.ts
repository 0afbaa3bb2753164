import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { HttpError, NetworkError, PayloadError } from '../providers/http';
import { classifyTraktError } from '../providers/trakt';
import { redactSecrets, redactText } from '../secrets';
import { AccountChangedError } from '../store/account-changed';
import { SecretKeyError } from '../store/secret-box';
import { NotConfiguredError } from './clients';

/** Failure types the workflows act on (everything else is retried by the activity retry policy). */
export const failureTypes = {
  accountLimit: 'AccountLimit',
  auth: 'AuthFailed',
  notConfigured: 'NotConfigured',
  invalidPayload: 'InvalidPayload',
  invalid: 'InvalidRequest',
  notFound: 'NotFound',
  accountChanged: 'AccountChanged',
} as const;

/** Auth failures get a few tries (a token refresh may race another process), not an endless retry. */
const maxAuthAttempts = 3;

/**
 * Maps provider errors to Temporal's retry semantics: rate limits wait for Retry-After, outages and timeouts
 * are retried with back-off for as long as the service is down, account limits and configuration errors stop
 * at once, auth failures after a few attempts. What it returns is what the workflow history and the worker's
 * log keep of the failure, so its message, stack and details are redacted.
 */
export function toActivityFailure(error: unknown, attempt: number): Error {
  // The engine's own (an activity's cancellation) carry no provider text and keep their meaning.
  if (error instanceof TemporalFailure && !(error instanceof ApplicationFailure)) return error;
  const failure = classify(error, attempt);
  const redacted = ApplicationFailure.create({
    message: redactText(failure.message),
    type: failure.type ?? undefined,
    nonRetryable: failure.nonRetryable ?? undefined,
    details: failure.details ? redactSecrets(failure.details) : undefined,
    nextRetryDelay: failure.nextRetryDelay,
  });
  redacted.stack = redactText((error instanceof Error && error.stack) || redacted.stack || '');
  return redacted;
}

function classify(error: unknown, attempt: number): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof NotConfiguredError)
    return ApplicationFailure.nonRetryable(error.message, failureTypes.notConfigured, { key: error.key });
  if (error instanceof SecretKeyError)
    return ApplicationFailure.nonRetryable(error.message, failureTypes.notConfigured, { key: error.key });
  if (error instanceof AccountChangedError) return ApplicationFailure.nonRetryable(error.message, failureTypes.accountChanged);
  if (error instanceof PayloadError)
    return ApplicationFailure.retryable(error.message, failureTypes.invalidPayload, { endpoint: error.endpoint, problems: error.problems });
  const traktKind = classifyTraktError(error);
  switch (traktKind.kind) {
    case 'rate_limit':
      return ApplicationFailure.create({
        message: errorMessage(error),
        type: 'RateLimited',
        nextRetryDelay: traktKind.retryAfterMs ?? 1_000,
      });
    case 'account_limit':
      return ApplicationFailure.nonRetryable(errorMessage(error), failureTypes.accountLimit);
    case 'auth':
      return attempt >= maxAuthAttempts
        ? ApplicationFailure.nonRetryable(errorMessage(error), failureTypes.auth)
        : ApplicationFailure.retryable(errorMessage(error), failureTypes.auth);
    case 'invalid':
      return ApplicationFailure.nonRetryable(errorMessage(error), failureTypes.invalid);
    case 'not_found':
      return ApplicationFailure.nonRetryable(errorMessage(error), failureTypes.notFound);
    default:
      if (error instanceof HttpError && error.retryAfterMs !== undefined) {
        return ApplicationFailure.create({ message: error.message, type: `Http${error.status}`, nextRetryDelay: error.retryAfterMs });
      }
      if (error instanceof HttpError || error instanceof NetworkError) return ApplicationFailure.retryable(error.message, error.name);
      // Anything else (a database error, a bug) is retried as Temporal would, under its own name.
      return ApplicationFailure.retryable(errorMessage(error), error instanceof Error ? error.name : 'Error');
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
