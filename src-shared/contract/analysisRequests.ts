import { z } from 'zod';
import { DEFAULT_HORIZON_DAYS, MAX_HORIZON_DAYS, MIN_HORIZON_DAYS, outcomeStatuses } from './analysis';

/** Request schemas of the outcome and churn-analysis channels (kept apart so the renderer's imports stay zod-free). */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

export const setOutcomeRequestSchema = z
  .object({
    /** Customer id or name (as the command bar and the CLI resolve it). */
    customer: z.string().min(1).max(200),
    /** null clears the customer's outcome. */
    status: z.enum(outcomeStatuses).nullable(),
    date: day.nullable().default(null),
  })
  .strict()
  .refine((r) => r.status === null || r.date !== null, { message: 'an outcome needs its date', path: ['date'] });

export const churnAnalysisRequestSchema = z
  .object({ horizonDays: z.number().int().min(MIN_HORIZON_DAYS).max(MAX_HORIZON_DAYS).default(DEFAULT_HORIZON_DAYS) })
  .strict();
