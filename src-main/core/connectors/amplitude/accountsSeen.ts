import type { VendorAccount } from '../types';

/**
 * Accounts seen in the export's group_properties. Amplitude has no account list API usable here, so
 * the connector remembers name/domain per group value while fetching windows; later windows (newer
 * uploads) overwrite earlier ones.
 */
export class AccountsSeen {
  private readonly byId = new Map<string, VendorAccount>();

  record(account: VendorAccount): void {
    const previous = this.byId.get(account.accountId);
    // Keep a known name/domain when a later event carries no group properties.
    if (previous && Object.keys(account.properties).length === 0) return;
    this.byId.set(account.accountId, account);
  }

  list(): VendorAccount[] {
    return [...this.byId.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  }

  clear(): void {
    this.byId.clear();
  }
}
