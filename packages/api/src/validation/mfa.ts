import { MFA_FACTORS, type MfaFactor } from '@roster/db';
import { z } from 'zod';
import { MISSING } from './params.ts';

type Issue = { input?: unknown };
const described = (description: string, missing: string) => ({
  error: (issue: Issue) => (issue.input === undefined ? missing : description),
});

/** A case-insensitive WhiteList, as Appwrite's `type` and `factor` (the value is kept as sent). */
const zWhiteList = (values: readonly string[]) => {
  const text = `Value must be one of (${values.join(', ')})`;
  return z
    .string(described(text, MISSING))
    .refine(
      (value) => values.some((allowed) => allowed.toLowerCase() === value.toLowerCase()),
      described(text, MISSING),
    );
};

/** The authenticator `type` path parameter: only `totp`, in any case (the routes then compare exactly). */
export const zAuthenticatorType = () => zWhiteList(['totp']);

/** The challenge `factor`, normalized to its canonical case (`recoverycode` → `recoveryCode`), see docs/appwrite-compatibility.md#mfa. */
export const zMfaFactor = () =>
  zWhiteList(MFA_FACTORS).transform(
    (value) => MFA_FACTORS.find((factor) => factor.toLowerCase() === value.toLowerCase()) as MfaFactor,
  );
