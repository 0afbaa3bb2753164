import { searchAttributes } from '../devserver/temporal';

/**
 * The server refuses a start (or a schedule) that sets a search attribute it does not know, and the SDK reports
 * only "Failed to start Workflow"; the reason is in the cause. Names the attribute and how to register it.
 */
export function explainStartError(error: unknown, namespace: string): unknown {
  const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const missing = /no mapping defined for search attribute (\w+)/i.exec(reason)?.[1];
  if (!missing) return error;
  const type = searchAttributes[missing as keyof typeof searchAttributes] ?? 'Keyword';
  return new Error(
    `${error instanceof Error ? error.message : 'the start was refused'}: the search attribute ${missing} is not registered on namespace "${namespace}". ` +
      `Register it once with \`temporal operator search-attribute create --namespace ${namespace} --name ${missing} --type ${type}\` ` +
      '(`npm start` and the docker-compose stack register it on the servers they start).',
  );
}
