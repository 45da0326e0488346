export { type BatchSender, MAX_UNACKED, ParseJobFailure, type ParseJobHandler } from './parseThread';
export {
  DEFAULT_PARSE_THREAD_MIN_BYTES,
  PARSE_THREAD_LIMITS,
  type ParseReply,
  type ParseRun,
  type ParseThreads,
  type WorkerParseThreadsOptions,
  workerParseThreads,
} from './parseThreads';
export type { ParseFailure, ParseJob, ParseStartData } from './protocol';
