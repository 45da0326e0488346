import { type Channel, channels, isChannel, type ParsedRequests } from './channels';
import { CoreError } from './errors';

/**
 * Validates a request for a channel before any handler sees it. Every host calls this: the IPC
 * registry, the web host and the worker itself (defence in depth: a bug in one host cannot smuggle
 * an unchecked payload into the core).
 */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): ParsedRequests[C];
export function parseRequest(channel: string, payload: unknown): unknown;
export function parseRequest(channel: string, payload: unknown): unknown {
  if (!isChannel(channel)) throw new CoreError('UNKNOWN_CHANNEL', `There is no channel named "${String(channel).slice(0, 80)}".`);
  const result = channels[channel].request.safeParse(payload ?? {});
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(request)'}: ${issue.message}`)
      .join('; ');
    throw new CoreError('BAD_REQUEST', `Invalid request for ${channel}: ${issues}`);
  }
  return result.data;
}
