/** Shared setup for the sandbox tests: a fixed clock and Basic-auth helpers. */
import { type RunningSandboxes, type SandboxOptions, startSandboxes } from '../../../src-main/core/demo';

/** 2025-03-15 15:30 UTC: gives a DST change (2025-03-09 in New York) inside the default history. */
export const FIXED_NOW = Date.parse('2025-03-15T15:30:00Z');
export const fixedClock = { now: () => FIXED_NOW };

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function start(options: SandboxOptions = {}): Promise<RunningSandboxes> {
  return startSandboxes({ clock: fixedClock, ...options });
}

export function ampAuth(sb: RunningSandboxes): Record<string, string> {
  return { authorization: basic(sb.amplitude.apiKey, sb.amplitude.secretKey) };
}

export function mpAuth(sb: RunningSandboxes): Record<string, string> {
  return { authorization: basic(sb.mixpanel.username, sb.mixpanel.secret) };
}

export function pendoHeaders(sb: RunningSandboxes): Record<string, string> {
  return { 'x-pendo-integration-key': sb.pendo.integrationKey, 'content-type': 'application/json' };
}

export async function aggregate(sb: RunningSandboxes, pipeline: unknown[]): Promise<Response> {
  return fetch(`${sb.pendo.baseUrl}/api/v1/aggregation`, {
    method: 'POST',
    headers: pendoHeaders(sb),
    body: JSON.stringify({ response: { mimeType: 'application/json' }, request: { pipeline } }),
  });
}
