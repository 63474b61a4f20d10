import { describe, expect, it } from 'vitest';
import { parseDateValue } from './dates.ts';

describe('parseDateValue', () => {
  it('reads Appwrite dates and ISO variants; no offset means UTC', () => {
    expect(parseDateValue('2020-10-15T06:38:00.000+00:00')).toEqual(new Date('2020-10-15T06:38:00.000Z'));
    expect(parseDateValue('2020-10-15T06:38:00.123456+02:00')).toEqual(new Date('2020-10-15T04:38:00.123Z'));
    expect(parseDateValue('2020-10-15 06:38')).toEqual(new Date('2020-10-15T06:38:00.000Z'));
    expect(parseDateValue('2020-10-15')).toEqual(new Date('2020-10-15T00:00:00.000Z'));
    expect(parseDateValue('2020-10-15T06:38:00Z')).toEqual(new Date('2020-10-15T06:38:00.000Z'));
    expect(parseDateValue('2020-10-15T06:38:00-0530')).toEqual(new Date('2020-10-15T12:08:00.000Z'));
  });

  it('rejects anything else', () => {
    for (const text of ['', 'now', '15/10/2020', '2020-13-01', '2020-10-15T25:00', '2020-10-15T06:38:00+1']) {
      expect(parseDateValue(text)).toBeUndefined();
    }
  });
});
