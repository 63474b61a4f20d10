/** Number formatting shared by the scenarios' result rows. */
export const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** req/s with one decimal below 10 (a 10,000-member page takes seconds on FerretDB). */
export const rate = (value: number) => fixed(value, value < 10 ? 1 : 0);

export const perSecond = (value: number, spread: number) => `${rate(value)} req/s ±${fixed(spread)} %`;

export const times = (ratio: number, spread?: number) =>
  `${fixed(ratio, 2)}×${spread === undefined ? '' : ` ±${fixed(spread)} %`}`;

export const pair = (subject: number, baseline: number, unit = '', digits = 0) =>
  `${fixed(subject, digits)} / ${fixed(baseline, digits)}${unit ? ` ${unit}` : ''}`;
