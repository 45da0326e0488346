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

/**
 * A task thread (the health recompute's second thread) also gets a small young generation: by default
 * V8 sizes it from the old-generation limit (16 MB semi-spaces here), and a recompute's per-customer
 * garbage filled it on top of the core's own heap. Replaying a 10M-event first sync's recompute (703
 * customers × 90 scored days and 42 alert days) peaked at 250–257 MB with the default and 224–229 MB with
 * 8 MB, at the same CPU; the after-sync recompute of 1,000 customers ran in the same time (same minutes).
 * The core thread keeps the default: a young generation this small cost its ingest +7% CPU.
 */
export const TASK_THREAD_LIMITS = { ...CORE_THREAD_LIMITS, maxYoungGenerationSizeMb: 8 } as const;
