import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes at INFO drown test output; warnings and errors still show.
if (Runtime._instance === undefined) Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
