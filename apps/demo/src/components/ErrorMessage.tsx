import { describeError, type ErrorSentences } from '../lib/errors.ts';

/** A failed call, as one sentence chosen from its error type; announced to screen readers. */
export function ErrorMessage({ error, sentences }: { error: unknown; sentences?: ErrorSentences }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {describeError(error, sentences)}
    </p>
  );
}
