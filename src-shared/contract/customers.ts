export interface CustomerImportResult {
  created: number;
  updated: number;
  skipped: Array<{ line: number; message: string }>;
}

export interface UnmatchedAccount {
  connectionId: string;
  connectionLabel: string;
  vendor: string;
  accountId: string;
  name: string | null;
  domain: string | null;
  /** Best guesses, most confident first. */
  suggestions: Array<{ customerId: string; customerName: string; confidence: number; reason: string }>;
}
