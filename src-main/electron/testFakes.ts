import type { FrameLike, SenderLike } from './trustedSenders';

/** Small stand-ins for Electron objects, shared by the tests of this folder. */
export function fakeFrame(
  url: string,
  options: { parent?: FrameLike | null; processId?: number; routingId?: number } = {},
): FrameLike {
  return { url, parent: options.parent ?? null, processId: options.processId ?? 1, routingId: options.routingId ?? 1 };
}

export interface FakeWebContents extends SenderLike {
  url: string;
  destroyed: boolean;
  sent: Array<{ channel: string; message: unknown }>;
  send(channel: string, message: unknown): void;
  getURL(): string;
}

export function fakeWebContents(url = 'app://pulse/index.html', processId = 1, routingId = 1): FakeWebContents {
  const contents: FakeWebContents = {
    url,
    destroyed: false,
    sent: [],
    mainFrame: fakeFrame(url, { processId, routingId }),
    isDestroyed: () => contents.destroyed,
    send: (channel, message) => contents.sent.push({ channel, message }),
    getURL: () => contents.url,
  };
  return contents;
}
