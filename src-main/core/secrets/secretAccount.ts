/** The keychain account name for one secret of one owner, e.g. "connection:7f3a/apiKey". */
export function secretAccount(owner: string, field: string): string {
  return `${owner}/${field}`;
}
