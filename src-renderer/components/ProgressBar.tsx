import './components.css';

/** Determinate when `value` and `max` are known, indeterminate (animated stripe) otherwise. */
export function ProgressBar({ value, max, label }: { value: number | null; max: number | null; label: string }) {
  const determinate = value !== null && max !== null && max > 0;
  const percent = determinate ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <div
      className={`progress${determinate ? '' : ' indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={determinate ? 0 : undefined}
      aria-valuemax={determinate ? max : undefined}
      aria-valuenow={determinate ? value : undefined}
    >
      <span className="progress-fill" style={determinate ? { width: `${percent}%` } : undefined} />
    </div>
  );
}
