// Every workflow the worker runs. Workflow code is deterministic: no I/O, no Node built-ins.
export { doctor } from './doctor';
export { pairSync } from './pair-sync';
export { scrobble } from './scrobble';
export { stashReconcile } from './stash-reconcile';
export { stashScene } from './stash-scene';
