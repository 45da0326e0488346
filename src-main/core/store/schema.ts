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

export interface Database {
  settings: SettingsTable;
  connections: ConnectionsTable;
  customers: CustomersTable;
  schema_migrations: SchemaMigrationsTable;
}
