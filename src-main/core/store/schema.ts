import type { Generated } from 'kysely';

/** Row types of the workspace database, as Kysely sees them. Columns mirror migrations/. */
export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: number;
}

export interface ConnectionsTable {
  id: string;
  vendor: 'amplitude' | 'mixpanel' | 'pendo';
  label: string;
  region: string;
  base_url: string | null;
  settings_json: string;
  created_at: number;
  updated_at: number;
}

export interface CustomersTable {
  id: string;
  name: string;
  domain: string | null;
  owner: string | null;
  arr: number | null;
  renewal_date: string | null;
  segment: string | null;
  created_at: number;
  updated_at: number;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: number;
}

export interface SyncStreamsTable {
  connection_id: string;
  stream: string;
  checkpoint: string;
  updated_at: number;
}

export type SyncOutcome = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

export interface SyncRunsTable {
  id: Generated<number>;
  connection_id: string;
  trigger: string;
  full_resync: Generated<number>;
  started_at: number;
  finished_at: number | null;
  outcome: SyncOutcome;
  windows_total: Generated<number>;
  windows_done: Generated<number>;
  events_read: Generated<number>;
  events_rejected: Generated<number>;
  rows_written: Generated<number>;
  retries: Generated<number>;
  error_code: string | null;
  error_message: string | null;
  accuracy_pct: number | null;
  accuracy_json: string | null;
  details_json: Generated<string>;
}

export interface SyncWindowsTable {
  connection_id: string;
  stream: string;
  window_key: string;
  run_id: number;
  events_read: number;
  rows_written: number;
  min_day: string | null;
  max_day: string | null;
  committed_at: number;
}

export interface VendorAccountsTable {
  connection_id: string;
  account_id: string;
  name: string | null;
  domain: string | null;
  properties_json: string;
  updated_at: number;
}

export interface AccountLinksTable {
  connection_id: string;
  account_id: string;
  customer_id: string;
  method: 'id' | 'domain' | 'name' | 'manual';
  confidence: number;
  linked_at: number;
}

export interface VendorUsersTable {
  connection_id: string;
  user_key: string;
  readable_id: string | null;
  account_ids_json: string;
  properties_json: string;
  updated_at: number;
}

export interface ActivityDaysTable {
  connection_id: string;
  window_key: string;
  account_id: string;
  user_key: string;
  day: string;
  events: number;
  sessions: number | null;
  minutes: number;
  first_ts: number | null;
  last_ts: number | null;
}

export interface ItemDaysTable {
  connection_id: string;
  window_key: string;
  account_id: string;
  kind: 'event' | 'feature' | 'page';
  item_id: string;
  day: string;
  user_key: string;
  events: number;
  minutes: number;
}

export interface GuideDaysTable {
  connection_id: string;
  window_key: string;
  account_id: string;
  user_key: string;
  guide_id: string;
  step_id: string;
  type: string;
  day: string;
  events: number;
  first_ts: number;
  last_ts: number;
}

export interface KeyEventsTable {
  connection_id: string;
  window_key: string;
  account_id: string;
  user_key: string;
  event_name: string;
  ts: number;
}

export interface CatalogItemsTable {
  connection_id: string;
  kind: 'feature' | 'page' | 'guide' | 'event';
  item_id: string;
  name: string;
  group_name: string | null;
  is_core: number;
  details_json: string;
  updated_at: number;
}

export interface CohortsTable {
  connection_id: string;
  cohort_id: string;
  name: string;
  size: number | null;
  updated_at: number;
}

export interface CohortMembersTable {
  connection_id: string;
  cohort_id: string;
  user_key: string;
}

export interface SavedFunnelsTable {
  connection_id: string;
  funnel_id: string;
  name: string;
  steps_json: string;
  window_seconds: number | null;
  updated_at: number;
}

export interface HealthSnapshotsTable {
  customer_id: string;
  day: string;
  score: number | null;
  band: 'red' | 'yellow' | 'green' | null;
  coverage: number;
  components_json: string;
  config_version: number;
  as_of: string | null;
  provisional: Generated<number>;
  computed_at: number;
}

export interface AlertsTable {
  id: Generated<number>;
  customer_id: string;
  rule: string;
  subject: string;
  status: 'open' | 'acknowledged' | 'dismissed' | 'resolved';
  severity: 'info' | 'warning' | 'critical';
  title: string;
  evidence_json: string;
  suggested_action: string;
  owner: string | null;
  opened_on: string;
  last_fired_on: string;
  created_at: number;
  updated_at: number;
  status_changed_at: number;
  closed_by: 'rule' | 'user' | null;
  condition_cleared: Generated<number>;
  note: string | null;
}

export interface AlertTransitionsTable {
  alert_id: number;
  at: number;
  from_status: string | null;
  to_status: string;
  actor: 'rule' | 'user';
  note: string | null;
}

export interface AlertEvaluationsTable {
  customer_id: string;
  last_day: string;
  config_version: number;
  evaluated_at: number;
}

export interface ExportHistoryTable {
  id: Generated<number>;
  created_at: number;
  kind: 'account' | 'portfolio';
  customer_id: string | null;
  customer_name: string | null;
  format: 'pdf' | 'html' | 'csv';
  period_from: string;
  period_to: string;
  page_size: string | null;
  path: string;
  files: number;
  bytes: number;
  status: 'saved' | 'failed';
  error: string | null;
}

export interface Database {
  settings: SettingsTable;
  connections: ConnectionsTable;
  customers: CustomersTable;
  schema_migrations: SchemaMigrationsTable;
  sync_streams: SyncStreamsTable;
  sync_runs: SyncRunsTable;
  sync_windows: SyncWindowsTable;
  vendor_accounts: VendorAccountsTable;
  account_links: AccountLinksTable;
  vendor_users: VendorUsersTable;
  activity_days: ActivityDaysTable;
  item_days: ItemDaysTable;
  guide_days: GuideDaysTable;
  key_events: KeyEventsTable;
  catalog_items: CatalogItemsTable;
  cohorts: CohortsTable;
  cohort_members: CohortMembersTable;
  saved_funnels: SavedFunnelsTable;
  health_snapshots: HealthSnapshotsTable;
  alerts: AlertsTable;
  alert_transitions: AlertTransitionsTable;
  alert_evaluations: AlertEvaluationsTable;
  export_history: ExportHistoryTable;
  saved_reports: SavedReportsTable;
  saved_report_results: SavedReportResultsTable;
  property_event_days: PropertyEventDaysTable;
  property_user_days: PropertyUserDaysTable;
}

export interface SavedReportsTable {
  id: string;
  connection_id: string;
  kind: 'mixpanel-insights' | 'amplitude-chart';
  report_id: string;
  name: string;
  breakdown: string | null;
  by_account: number;
  picked_at: number;
  synced_at: number | null;
  last_error: string | null;
}
export interface SavedReportResultsTable {
  saved_report_id: string;
  series: string;
  segment: string;
  account_id: string | null;
  day: string;
  value: number;
}
export interface PropertyEventDaysTable {
  connection_id: string;
  window_key: string;
  account_id: string;
  day: string;
  event_name: string;
  property: string;
  value: string;
  events: number;
}
export interface PropertyUserDaysTable {
  connection_id: string;
  window_key: string;
  account_id: string;
  day: string;
  user_key: string;
  property: string;
  value: string;
  events: number;
}
