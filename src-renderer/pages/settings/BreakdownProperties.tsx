import { useState } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';

/**
 * The property names kept at ingest for breakdowns (events and funnels by plan, platform, role...).
 * Only listed names are stored; a change applies to windows synced afterwards.
 */
export function BreakdownProperties({
  names,
  onChange,
}: {
  names: string[] | null;
  onChange(next: string[], what: string): Promise<boolean>;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (): Promise<void> => {
    if (!names) return;
    const name = text.trim();
    if (name === '') return;
    if (name.length > 100) return setError('Property names are at most 100 characters.');
    if (names.includes(name)) return setError(`“${name}” is already listed.`);
    if (names.length >= 10) return setError('Pulse keeps at most 10 breakdown properties.');
    setError(null);
    if (await onChange([...names, name], `Added breakdown property ${name}`)) setText('');
  };
  if (!names) return <Loading lines={1} />;
  return (
    <>
      {names.length === 0 ? (
        <p className="muted">No breakdown properties: events are kept without property values.</p>
      ) : (
        <ol className="chip-list" aria-label="Breakdown properties">
          {names.map((name) => (
            <li key={name} className="chip">
              <span>{name}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove breakdown property ${name}`}
                onClick={() =>
                  void onChange(
                    names.filter((n) => n !== name),
                    `Removed breakdown property ${name}`,
                  )
                }
              >
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <Field label="Add a property" error={error}>
        {(control) => (
          <div className="input-with-button">
            <input
              {...control}
              type="text"
              placeholder="e.g. plan"
              value={text}
              data-testid="breakdown-property-input"
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void add();
                }
              }}
            />
            <Button onClick={() => void add()} disabled={text.trim() === ''}>
              Add
            </Button>
          </div>
        )}
      </Field>
    </>
  );
}
