/**
 * V8 limits for the core worker and its task threads. Their live heap stays far below this (the core
 * worker's never passed ~90 MB in a 2M-event sync or a 1,000-customer recompute; a task thread's is
 * 20–50 MB), so the limit never stops work. What it changes is when V8 collects: with an old-generation
 * limit of 2 GB or more (the default here is ~4 GB) V8 lets old space grow to about four times the live
 * heap before a full collection, below it about twice. A sync's windows and a recompute's customers
 * each leave their garbage in old space, so that factor was most of a sync's peak memory. Measured
 * (1,200 accounts, bundled worker, same minutes): a 1.85M-event Mixpanel sync 421 → 355 MB peak (its
 * ingest 348 → 259 MB) for +3% CPU; 446k Amplitude events 304–320 → 264–298 MB.
 */
export const CORE_THREAD_LIMITS = { maxOldGenerationSizeMb: 2047 } as const;
