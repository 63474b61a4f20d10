interface Props {
  /** 0-based page number. */
  page: number;
  pageSize: number;
  shown: number;
  total: number;
  busy: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

/** "1–10 of 23" with previous and next buttons, for cursor-paginated lists. */
export function Pagination({ page, pageSize, shown, total, busy, onPrevious, onNext }: Props) {
  const first = page * pageSize + 1;
  const last = page * pageSize + shown;
  return (
    <nav className="pagination" aria-label="Pages">
      <button type="button" className="secondary" onClick={onPrevious} disabled={busy || page === 0}>
        Previous page
      </button>
      <span aria-live="polite">{shown > 0 ? `${first}–${last} of ${total}` : `0 of ${total}`}</span>
      <button type="button" className="secondary" onClick={onNext} disabled={busy || last >= total}>
        Next page
      </button>
    </nav>
  );
}
