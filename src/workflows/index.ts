// Every workflow the worker runs. Workflow code is deterministic: no I/O, no Node built-ins.
export { doctor } from './doctor';
export { libraryImport } from './library-import';
export { pairSync } from './pair-sync';
export { scrobble } from './scrobble';
export { stashGaps } from './stash-gaps';
export { stashReconcile } from './stash-reconcile';
export { stashScene } from './stash-scene';
