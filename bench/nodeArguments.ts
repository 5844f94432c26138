/**
 * The Node.js flags of the reconciler's long-lived process, as infra/app/function.bicep gives
 * them to the Functions worker on the default 512 MB instance (`languageWorkers__node__arguments`:
 * half the instance memory; checked by test/unit/bicep.test.ts) and the bench to its worker.
 *
 * V8 lets the old generation grow to up to 4 × what survived the last full GC when its heap
 * limit is 2 GB or more (the default on a machine with ≥ 8 GB), and ~1.3 × when the limit is
 * 256 MB: at 10,000 resources the live heap was 62–90 MB while the heap grew to 260–320 MB
 * between full GCs. A 256 MB limit is ~3 × that live heap. The young generation's semi-space
 * (16 MB each by default, two of them) is halved: it is reserved whole once a run is busy.
 */
export const WORKER_NODE_ARGUMENTS = '--max-old-space-size=256 --max-semi-space-size=8';
