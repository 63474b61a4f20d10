import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeError, errorTypeOf, isRetryable } from './errors.ts';

/** A client error as httpBatchLink builds it from the server's error shape. */
function apiError(type: string, message = 'raw server message') {
  return TRPCClientError.from({
    error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'x', type } },
  });
}

describe('describeError', () => {
  it('chooses the sentence from the error type, never the raw message', () => {
    const error = apiError('membership_deletion_prohibited', 'There must be at least one owner in the team.');
    expect(errorTypeOf(error)).toBe('membership_deletion_prohibited');
    expect(describeError(error)).toMatch(/last owner of this team/);
    expect(describeError(apiError('team_invalid_secret'))).toMatch(/link is not valid/);
    expect(describeError(apiError('membership_already_confirmed'))).toBe(
      'This invitation has already been accepted.',
    );
  });

  it('names the field of an invalid argument', () => {
    const error = apiError(
      'general_argument_invalid',
      'Invalid `email` param: Value must be a valid email address',
    );
    expect(describeError(error)).toBe('Enter a valid email address.');
    expect(describeError(apiError('general_argument_invalid', 'Param "password" is not optional.'))).toMatch(
      /password must be/,
    );
    expect(
      describeError(apiError('general_argument_invalid', 'Invalid `oldPassword` param: Password must be…')),
    ).toBe('The current password is not right.');
    expect(describeError(apiError('general_argument_invalid', 'URL is required'))).toBe(
      'Some of the values you entered are not valid.',
    );
  });

  it('lets a screen say it better', () => {
    expect(describeError(apiError('user_unauthorized'), { user_unauthorized: 'Only owners invite.' })).toBe(
      'Only owners invite.',
    );
  });

  it('treats errors without a type as network failures', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toMatch(/could not be reached/);
    expect(describeError(apiError('a_type_from_a_newer_server'))).toMatch(/went wrong on the server/);
    expect(isRetryable(new TypeError('Failed to fetch'))).toBe(true);
    expect(isRetryable(apiError('team_not_found'))).toBe(false);
  });
});
