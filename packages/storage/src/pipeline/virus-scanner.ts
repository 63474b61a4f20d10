import type { Readable } from 'node:stream';

/** A scanner's verdict on a file's original bytes. */
export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/**
 * An antivirus engine (e.g. ClamAV over its INSTREAM command; docs/storage.md#stored-form). `scan`
 * reads `content` to its end (or stops early once it has a verdict) and resolves with the
 * verdict; it rejects when the engine cannot be asked (unreachable, protocol error), which fails
 * the upload rather than letting an unscanned file through.
 */
export interface VirusScanner {
  scan(content: Readable): Promise<ScanVerdict>;
}

/** The encoded stream's error when the scanner found something: nothing may be stored. */
export class InfectedFileError extends Error {
  constructor(readonly signature: string) {
    super(`the file is infected (${signature})`);
    this.name = 'InfectedFileError';
  }
}
