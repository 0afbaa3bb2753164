import { searchAttributes } from '../devserver/temporal';

/**
 * The server refuses a start (or a schedule) that sets a search attribute it does not know, and the SDK reports
 * only "Failed to start Workflow"; the reason is in the cause. Names the attribute, and how to register all of
 * watchsync's: the server names one missing attribute at a time (whichever it checks first), so registering only
 * that one would lead to the next refusal.
 */
export function explainStartError(error: unknown, namespace: string): unknown {
  const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const missing = /no mapping defined for search attribute (\w+)/i.exec(reason)?.[1];
  if (!missing) return error;
  return new Error(
    `${error instanceof Error ? error.message : 'the start was refused'}: the search attribute ${missing} is not registered on namespace "${namespace}". ` +
      `Register watchsync's search attributes once with ${registerCommands(namespace)} ` +
      '(`npm start` and the docker-compose stack register them on the servers they start).',
  );
}

/** One `temporal operator search-attribute create` per attribute (given several names, the CLI registers only the first). */
function registerCommands(namespace: string): string {
  const commands = Object.entries(searchAttributes).map(
    ([name, type]) => `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${type}`,
  );
  return `\`${commands.join(' && ')}\``;
}
