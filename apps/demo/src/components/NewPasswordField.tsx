import { TextField } from './TextField.tsx';

/** A password being chosen, with the server's rules (8 to 256 characters) checked by the browser. */
export function NewPasswordField(props: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextField
      type="password"
      autoComplete="new-password"
      required
      minLength={8}
      maxLength={256}
      hint="At least 8 characters."
      {...props}
    />
  );
}
