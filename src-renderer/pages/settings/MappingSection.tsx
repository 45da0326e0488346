import { type ChangeEvent, useId, useRef, useState } from 'react';
import type { CustomerImportResult, UnmatchedAccount } from '../../../src-shared/contract';
import { StatusPill, VendorBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { type Column, DataTable } from '../../components/DataTable';
import { plainError } from '../../components/errors';
import { Checkbox } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { toast } from '../../components/Toast';
import { bridge } from '../../lib/bridge';
import { useSettings } from '../../lib/settings';
import { useCoreData } from '../../lib/useCoreData';

const OTHER = '__other__';

export function MappingSection() {
  const unmatched = useCoreData(() => bridge.call('mapping.unmatched', {}), ['customers', 'connections', 'sync']);
  // Customer names for the "Another customer…" picker; without them the CSM types an id.
  const customers = useCoreData(
    () => bridge.call('metrics.portfolio', {}).then((p) => p.rows.map((row) => ({ id: row.customerId, name: row.name }))),
    ['customers'],
  );
  const customerListId = useId();
  const { settings, update } = useSettings();
  const [autoError, setAutoError] = useState<string | null>(null);
  const rows = unmatched.value ?? [];

  const columns: Array<Column<UnmatchedAccount>> = [
    {
      key: 'account',
      header: 'Vendor account',
      cell: (row) => (
        <div className="account-cell">
          <strong>{row.name ?? 'No name from the vendor'}</strong>
          <span className="muted mono">{row.accountId}</span>
          {row.domain ? <span className="muted">{row.domain}</span> : null}
        </div>
      ),
    },
    {
      key: 'source',
      header: 'Source',
      cell: (row) => (
        <div className="account-cell">
          <VendorBadge vendor={row.vendor as 'amplitude' | 'mixpanel' | 'pendo'} />
          <span className="muted">{row.connectionLabel}</span>
        </div>
      ),
    },
    {
      key: 'link',
      header: 'Link to customer',
      cell: (row) => <LinkControl row={row} customers={customers.value ?? []} listId={customerListId} />,
      wide: true,
    },
  ];

  return (
    <section className="settings-section" aria-labelledby="settings-mapping" id="section-mapping">
      <div className="section-head">
        <div>
          <h2 id="settings-mapping">Account mapping</h2>
          <p className="muted">
            Which vendor account is which customer. Pulse matches by id, domain and name; the ones it could not match wait here.
          </p>
        </div>
      </div>

      <div className="card">
        <div className="card-head">
          <h3>Unmatched vendor accounts</h3>
          {unmatched.value ? (
            <StatusPill tone={rows.length === 0 ? 'ok' : 'warn'}>
              {rows.length === 0 ? 'All matched' : `${rows.length} to review`}
            </StatusPill>
          ) : null}
        </div>
        {unmatched.status === 'error' ? (
          <Notice tone="error" title="The unmatched accounts could not be loaded.">
            {unmatched.error}
          </Notice>
        ) : null}
        {unmatched.status === 'loading' ? (
          <Loading label="Loading unmatched accounts…" lines={2} />
        ) : unmatched.value ? (
          <DataTable
            caption="Unmatched vendor accounts"
            captionHidden
            columns={columns}
            rows={rows}
            rowKey={(row) => `${row.connectionId}|${row.accountId}`}
            empty="Every synced vendor account is linked to a customer. New ones appear here after a sync."
          />
        ) : null}
        <div className="card-foot">
          <Checkbox
            label="Create a customer for each vendor account that matches none"
            description="Handy without a CRM list. Importing a customers CSV usually means you want to turn this off and link by hand."
            checked={settings?.autoCreateCustomers ?? false}
            disabled={!settings}
            onChange={(checked) => {
              setAutoError(null);
              update({ autoCreateCustomers: checked }).then(
                () =>
                  toast(checked ? 'New vendor accounts will become customers.' : 'New vendor accounts will wait here for you.'),
                (error: unknown) => setAutoError(plainError(error)),
              );
            }}
          />
          {autoError ? <p className="form-error">{autoError}</p> : null}
        </div>
      </div>

      <datalist id={customerListId}>
        {(customers.value ?? []).map((customer) => (
          <option key={customer.id} value={customer.name} label={customer.id} />
        ))}
      </datalist>
      <ImportCustomers />
    </section>
  );
}

interface CustomerOption {
  id: string;
  name: string;
}

function LinkControl({ row, customers, listId }: { row: UnmatchedAccount; customers: CustomerOption[]; listId: string }) {
  const [choice, setChoice] = useState<string>(row.suggestions[0]?.customerId ?? OTHER);
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();
  const otherId = useId();
  const name = row.name ?? row.accountId;
  const typed = other.trim();
  const byName = customers.find((c) => c.name.toLowerCase() === typed.toLowerCase());
  const customerId = choice === OTHER ? (byName?.id ?? typed) : choice;

  const link = async (): Promise<void> => {
    if (customerId === '') {
      setError('Type the customer’s name (the list suggests them) or its id from your customers CSV.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await bridge.call('mapping.link', { connectionId: row.connectionId, accountId: row.accountId, customerId });
      const target =
        row.suggestions.find((s) => s.customerId === customerId)?.customerName ??
        customers.find((c) => c.id === customerId)?.name ??
        customerId;
      toast(`Linked ${name} to ${target}.`);
    } catch (cause) {
      setError(plainError(cause));
      setBusy(false);
    }
  };

  return (
    <div className="link-control">
      <div className="link-inputs">
        <label className="visually-hidden" htmlFor={selectId}>
          Customer for {name}
        </label>
        <select id={selectId} value={choice} onChange={(event) => setChoice(event.target.value)}>
          {row.suggestions.map((s) => (
            <option key={s.customerId} value={s.customerId}>
              {s.customerName} · {Math.round(s.confidence * 100)}% match ({s.reason})
            </option>
          ))}
          <option value={OTHER}>
            {row.suggestions.length === 0 ? 'No suggestion: enter a customer id…' : 'Another customer…'}
          </option>
        </select>
        {choice === OTHER ? (
          <>
            <label className="visually-hidden" htmlFor={otherId}>
              Customer name or id for {name}
            </label>
            <input
              id={otherId}
              className="text-input"
              type="text"
              list={listId}
              autoComplete="off"
              placeholder={customers.length > 0 ? 'Customer name or id' : 'Customer id'}
              value={other}
              onChange={(event) => setOther(event.target.value)}
            />
          </>
        ) : null}
        <Button
          size="small"
          variant="primary"
          busy={busy}
          busyLabel="Linking…"
          onClick={() => void link()}
          aria-label={`Link ${name}`}
        >
          Link
        </Button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function ImportCustomers() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ file: string; value: CustomerImportResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();

  const onFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      if (file.size > 50_000_000) throw new Error('too big');
      const csv = await file.text();
      const value = await bridge.call('customers.import', { csv });
      setResult({ file: file.name, value });
      toast(`Imported ${file.name}: ${value.created} created, ${value.updated} updated.`);
    } catch (cause) {
      setError(
        cause instanceof Error && cause.message === 'too big'
          ? 'That file is larger than 50 MB. Export only the customer columns Pulse needs.'
          : plainError(cause),
      );
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <section className="card" aria-labelledby="import-title">
      <div className="card-head">
        <h3 id="import-title">Import customers from your CRM</h3>
      </div>
      <p className="muted">
        A CSV with a header row. Needed: <strong>name</strong>. Optional: id, domain, owner, arr, renewal_date (YYYY-MM-DD),
        segment. Rows update the customer with the same id, domain or name; the others are added.
      </p>
      <div className="import-row">
        <input
          ref={input}
          id={inputId}
          className="visually-hidden file-input"
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          aria-label="Import customers CSV"
          onChange={(event) => void onFile(event)}
        />
        <label htmlFor={inputId} className="button" aria-hidden="true">
          {busy ? <span className="spinner" /> : null}
          {busy ? 'Importing…' : 'Choose CSV file…'}
        </label>
        <span className="muted">Nothing leaves this computer.</span>
      </div>
      {error ? (
        <Notice tone="error" title="The file was not imported.">
          {error}
        </Notice>
      ) : null}
      {result ? (
        <div className="import-result" role="status" aria-label="Import result">
          <p>
            <strong>{result.file}</strong>: {result.value.created} created · {result.value.updated} updated ·{' '}
            {result.value.skipped.length} skipped
          </p>
          {result.value.skipped.length > 0 ? (
            <ul className="skipped-lines">
              {result.value.skipped.slice(0, 50).map((skip) => (
                <li key={skip.line}>
                  Line {skip.line}: {skip.message}
                </li>
              ))}
              {result.value.skipped.length > 50 ? <li>…and {result.value.skipped.length - 50} more.</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
