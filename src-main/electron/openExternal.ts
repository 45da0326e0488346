/** The one part of Electron's `shell` this module needs. */
export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

const maxUrlLength = 2048;

/**
 * Whether a URL may be handed to the OS to open: only http(s), with a host, without credentials.
 * Everything else (file:, javascript:, data:, custom schemes that launch other apps, malformed text)
 * is refused, because the OS handler for those can run code or read files.
 */
export function isSafeExternalUrl(candidate: unknown): candidate is string {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > maxUrlLength) return false;
  // Control characters and whitespace have no place in a link and are how parsers get confused.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters on purpose
  if (/[\u0000-\u0020\u007f]/.test(candidate)) return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.hostname === '') return false;
  if (url.username !== '' || url.password !== '') return false;
  return true;
}

/**
 * The ONE way Pulse opens anything outside itself. Returns whether the URL was handed to the OS.
 * Only the normalised form of a checked URL is passed on.
 */
export function createOpenExternal(
  shell: ShellLike,
  log: (message: string) => void = () => {},
): (url: unknown) => Promise<boolean> {
  return async (url) => {
    if (!isSafeExternalUrl(url)) {
      log(`Refused to open an external link that is not a plain http(s) address: ${String(url).slice(0, 80)}`);
      return false;
    }
    try {
      await shell.openExternal(new URL(url).href);
      return true;
    } catch {
      log('The operating system could not open an external link.');
      return false;
    }
  };
}
