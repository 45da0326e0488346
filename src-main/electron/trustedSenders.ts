import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { isAppUrl } from './appProtocol';

/** The parts of WebFrameMain, WebContents and the invoke event that sender validation reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}
export interface SenderLike {
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}
export interface InvokeEventLike {
  readonly sender: SenderLike;
  readonly senderFrame: FrameLike | null;
}

/** The WebContents of the windows Pulse created; only they may call the core. */
export class TrustedSenders<T extends SenderLike = SenderLike> {
  private readonly contents = new Set<T>();

  add(contents: T): void {
    this.contents.add(contents);
  }

  delete(contents: T): void {
    this.contents.delete(contents);
  }

  has(contents: unknown): boolean {
    return this.contents.has(contents as T);
  }

  /** The live ones, e.g. to push events to. */
  list(): T[] {
    return [...this.contents].filter((contents) => !contents.isDestroyed());
  }
}

/**
 * Why a call is refused, or null when the sender may call: it must come from one of our windows, from
 * that window's main frame (not an iframe), showing an app://pulse page. Unlike VS Code's validator,
 * a missing or about:blank frame URL is refused too: Pulse has no case that needs it.
 */
export function senderProblem(event: InvokeEventLike, trusted: TrustedSenders): string | null {
  const { sender, senderFrame: frame } = event;
  if (!trusted.has(sender) || sender.isDestroyed()) return 'the sender is not a Pulse window';
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'the sender is not the main frame';
  const main = sender.mainFrame;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return 'the sender is not the main frame';
  if (!isAppUrl(frame.url)) return 'the sending page is not part of Pulse';
  return null;
}

const realEventFits: (event: IpcMainInvokeEvent) => InvokeEventLike = (event) => event;
const realContentsFit: (contents: WebContents) => SenderLike = (contents) => contents;
void realEventFits;
void realContentsFit;
