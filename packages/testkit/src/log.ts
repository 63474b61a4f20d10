/** How services report progress; defaults to stderr so test output stays readable. */
export type Log = (message: string) => void;

export const stderrLog: Log = (message) => process.stderr.write(`[roster] ${message}\n`);
export const silentLog: Log = () => {};
