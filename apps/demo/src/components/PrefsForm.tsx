import { useId, useState } from 'react';
import { parsePrefs } from '../lib/prefs.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

/**
 * A preferences object edited as a JSON document (a team's or the account's): checked as typed,
 * saved whole. Key it by `saved` so that it starts over from what the server has after a save.
 */
export function PrefsForm(props: {
  label: string;
  saved: string;
  canEdit: boolean;
  saving: boolean;
  error: unknown;
  onSave: (prefs: Record<string, unknown>) => void;
}) {
  const id = useId();
  const [text, setText] = useState(props.saved);
  const parsed = parsePrefs(text);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (parsed.ok) props.onSave(parsed.prefs);
      }}
      aria-label={props.label}
    >
      <div className="field">
        <label htmlFor={id}>Preferences (JSON)</label>
        <textarea
          id={id}
          className="code"
          rows={Math.min(16, Math.max(4, text.split('\n').length + 1))}
          spellCheck={false}
          readOnly={!props.canEdit}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={!parsed.ok}
          aria-describedby={parsed.ok ? undefined : `${id}-problem`}
        />
        {!parsed.ok && (
          <small id={`${id}-problem`} className="error">
            {parsed.problem}
          </small>
        )}
      </div>
      {props.canEdit && (
        <>
          <button type="submit" disabled={props.saving || !parsed.ok || text === props.saved}>
            {props.saving ? 'Saving…' : 'Save preferences'}
          </button>
          <ErrorMessage error={props.error} />
        </>
      )}
    </form>
  );
}
