import { BridgeError, errorMessage } from '../lib/bridge';

const fieldNames: Record<string, string> = {
  label: 'Name',
  baseUrl: 'Base URL',
  region: 'Region',
  vendor: 'Vendor',
  csv: 'The file',
  customerId: 'Customer',
  accountId: 'Vendor account',
};

/**
 * The sentence to show for a failed call. The core's messages are meant for people already; the one
 * exception is request validation ("Invalid request for x: a.b: msg"), which is reworded here so a CSM
 * reads "Base URL: Invalid URL" instead of a channel name and a property path.
 */
export function plainError(error: unknown): string {
  if (error instanceof BridgeError && error.code === 'BAD_REQUEST') {
    const match = /^Invalid request for [\w.]+: (.*)$/s.exec(error.message);
    if (match?.[1]) {
      const parts = match[1].split('; ').map((part) => {
        const [path = '', ...rest] = part.split(': ');
        const key = path.split('.').pop() ?? path;
        const name = fieldNames[key] ?? (path === '(request)' ? 'The request' : key);
        const text = rest.join(': ');
        return `${name}: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
      });
      return `Please check ${parts.length === 1 ? 'this field' : 'these fields'}. ${parts.join('. ')}.`;
    }
  }
  return errorMessage(error);
}
