import type { ReactNode } from 'react';
import './components.css';

export interface Column<T> {
  /** Stable key for React and for tests (data-column). */
  key: string;
  header: ReactNode;
  cell(row: T): ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Let the cell wrap freely (long messages). */
  wide?: boolean;
}

/**
 * A plain, accessible data table: a caption (visible or for screen readers only), column headers with
 * scope, a horizontal scroll container on narrow windows, and a sentence instead of an empty body.
 */
export function DataTable<T>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  empty,
  rowClassName,
}: {
  caption: string;
  captionHidden?: boolean;
  columns: Array<Column<T>>;
  rows: readonly T[];
  rowKey(row: T): string | number;
  empty: ReactNode;
  rowClassName?(row: T): string | undefined;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" tabIndex={0} aria-label={caption}>
      <table className="table data-table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.numeric ? 'numeric' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} className={rowClassName?.(row)}>
                {columns.map((column) => (
                  <td
                    key={column.key}
                    data-column={column.key}
                    className={
                      [column.numeric ? 'numeric' : '', column.wide ? 'wide' : ''].filter(Boolean).join(' ') || undefined
                    }
                  >
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
