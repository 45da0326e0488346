import { z } from 'zod';
import type { SyncRunSummary } from './connections';

export const fileImportFormatSchema = z.enum(['amplitude-export', 'mixpanel-jsonl', 'csv']);
export type FileImportFormat = z.infer<typeof fileImportFormatSchema>;

/** `import.file`: a file on this machine, read by the core. */
export const fileImportRequestSchema = z
  .object({
    path: z.string().min(1).max(4096),
    format: fileImportFormatSchema,
    label: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .regex(/^[\p{L}\p{N} ._()-]+$/u, 'letters, digits, spaces and . _ ( ) - only'),
  })
  .strict();

export interface FileImportResult {
  connectionId: string;
  label: string;
  /** True when this import created the file-import connection. */
  createdConnection: boolean;
  /** The same file (same content) was imported before; its rows were replaced, not added. */
  alreadyImported: boolean;
  accountsLinked: number;
  customersCreated: number;
  run: SyncRunSummary;
}
