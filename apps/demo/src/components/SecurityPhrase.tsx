/** The phrase the API put in the email too: a user can tell the email answers their own request. */
export function SecurityPhrase({ phrase }: { phrase: string }) {
  if (!phrase) return null;
  return (
    <p>
      The email shows the security phrase <strong className="phrase">{phrase}</strong>. Trust it only if the
      phrases match.
    </p>
  );
}
