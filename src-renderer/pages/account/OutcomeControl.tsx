import { useId, useState } from 'react';
import { formatDay } from '../../../src-shared/charts/format';
import type { CustomerOutcome, OutcomeStatus } from '../../../src-shared/contract/analysis';
import { Button } from '../../components/Button';
import { plainError } from '../../components/errors';
import { toast } from '../../components/Toast';
import { bridge } from '../../lib/bridge';
import type { Prefetch } from '../../lib/prefetch';
import { useCoreData } from '../../lib/useCoreData';
import './outcome.css';

const statusWords: Record<OutcomeStatus, string> = { renewed: 'Renewed', churned: 'Churned' };

/**
 * The account's renewal or churn outcome (feeds the churn analysis), shown as one of the header facts,
 * with a small form to mark or clear it. Outcomes imported from the CRM list can be corrected here.
 */
export function OutcomeFact({
  customerId,
  today,
  prefetched,
}: {
  customerId: string;
  today: string;
  /** Asked with the page's first calls (loadAccount), so the header renders complete. */
  prefetched?: Prefetch<CustomerOutcome[]> | undefined;
}) {
  const outcome = useCoreData(() => bridge.call('customers.outcomes', { customer: customerId }), ['customers'], prefetched);
  const current = outcome.value?.[0] ?? null;
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<OutcomeStatus | 'none'>('churned');
  const [date, setDate] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();

  const open = () => {
    setStatus(current?.status ?? 'churned');
    setDate(current?.date ?? today);
    setError(null);
    setEditing(true);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await bridge.call('customers.setOutcome', {
        customer: customerId,
        status: status === 'none' ? null : status,
        date: status === 'none' ? null : date,
      });
      toast(status === 'none' ? 'Outcome cleared.' : `Marked as ${statusWords[status].toLowerCase()} on ${formatDay(date)}.`);
      setEditing(false);
      outcome.reload();
    } catch (e) {
      setError(plainError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="account-outcome">
      <dt>Outcome</dt>
      <dd>
        <span data-testid="account-outcome-text">
          {current ? `${statusWords[current.status]} ${formatDay(current.date)}` : 'None recorded'}
        </span>{' '}
        {editing ? null : (
          <button type="button" className="button ghost small" onClick={open} aria-controls={formId}>
            {current ? 'Change' : 'Mark'}
          </button>
        )}
        {editing ? (
          <fieldset id={formId} className="account-outcome-form" aria-label="Mark the outcome">
            <select aria-label="Outcome" value={status} onChange={(e) => setStatus(e.target.value as OutcomeStatus | 'none')}>
              <option value="churned">Churned</option>
              <option value="renewed">Renewed</option>
              <option value="none">No outcome</option>
            </select>
            {status === 'none' ? null : (
              <input type="date" aria-label="Outcome date" value={date} max={today} onChange={(e) => setDate(e.target.value)} />
            )}
            <Button size="small" variant="primary" busy={busy} onClick={() => void save()} disabled={status !== 'none' && !date}>
              Save
            </Button>
            <Button size="small" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            {error ? (
              <span className="form-error" role="alert">
                {error}
              </span>
            ) : null}
          </fieldset>
        ) : null}
      </dd>
    </div>
  );
}
