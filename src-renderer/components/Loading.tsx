import './components.css';

/** A loading placeholder with a text label (never a blank frame); `lines` grey bars hint at the shape. */
export function Loading({ label = 'Loading…', lines = 3 }: { label?: string; lines?: number }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="loading-label">
        <span className="spinner" aria-hidden="true" /> {label}
      </span>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder bars
        <span key={i} className="skeleton" style={{ width: `${90 - i * 17}%` }} aria-hidden="true" />
      ))}
    </div>
  );
}
