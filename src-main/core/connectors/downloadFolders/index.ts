export {
  AMPLITUDE_DOWNLOADS,
  HELD_AT_MOST_MS,
  openDownloadFolder,
  STALE_AFTER_MS,
  type SweepOptions,
  sweepStaleDownloadFolders,
} from './downloadFolders';
