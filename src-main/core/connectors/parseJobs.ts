import type { ParseJobHandler } from '../parseThreads';
import { AMPLITUDE_ZIP_JOB } from './amplitude/exportBatch';
import { amplitudeZipJob } from './amplitude/exportJob';

/** Every job a parse thread runs, by name (entry.ts hands them to runParseThread). */
export const parseJobs: Record<string, ParseJobHandler> = {
  [AMPLITUDE_ZIP_JOB]: amplitudeZipJob,
};
