import { useState } from 'react';

interface Props {
  /** What the first button says ("Remove"). */
  label: string;
  /** Its accessible name when the visible label needs context ("Remove Ada"). */
  ariaLabel?: string;
  /** What the confirming button says ("Yes, remove Ada"). */
  confirmLabel: string;
  pending: boolean;
  pendingLabel: string;
  onConfirm: () => void;
  danger?: boolean;
}

/** A destructive action in two steps, without a modal: the button turns into "Yes, …" and "Cancel". */
export function ConfirmButton({
  label,
  ariaLabel,
  confirmLabel,
  pending,
  pendingLabel,
  onConfirm,
  danger,
}: Props) {
  const [asking, setAsking] = useState(false);
  const className = danger ? 'danger' : undefined;
  if (pending) {
    return (
      <button type="button" className={className} disabled>
        {pendingLabel}
      </button>
    );
  }
  if (!asking) {
    return (
      <button type="button" className={className} aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        type="button"
        className={className}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
