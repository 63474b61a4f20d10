/** How a file's bytes are stored: what the files service keeps in the file's document. */
export type Compression = 'none' | 'gzip' | 'zstd';

/** What decrypting a stored file needs, besides the server secret. */
export interface CipherParams {
  algorithm: 'aes-256-gcm';
  /** 12 random bytes, hex. */
  iv: string;
  /** GCM authentication tag (16 bytes), hex. */
  tag: string;
  /** Which key of the `FileKeyring` encrypted the file. */
  keyVersion: number;
}

export interface StoredForm {
  /** MD5 of the original bytes, hex (Appwrite's `signature` on the local device). */
  signature: string;
  /** Sniffed from the content; the client's declared type is never used. */
  mimeType: string;
  sizeOriginal: number;
  /** Bytes in the store. */
  sizeActual: number;
  /** The compression actually applied (`none` above the transform limit, whatever the bucket says). */
  compression: Compression;
  /** True iff the stored bytes are encrypted; then `cipher` is set. */
  encryption: boolean;
  cipher?: CipherParams;
}

/** Whether the stored bytes differ from the original (compressed or encrypted). */
export function isTransformed(form: Pick<StoredForm, 'compression' | 'encryption'>): boolean {
  return form.compression !== 'none' || form.encryption;
}
