export { contentRangeHeader, parseDownloadRange, type RangeRequest } from './download-range.ts';
export { decodeFile, storedRangeToFetch, StoredFileCorruptError, type DecodeOptions } from './decode.ts';
export { encodeFile, SizeMismatchError, type EncodedFile, type EncodeOptions } from './encode.ts';
export { FileKeyring, UnknownKeyVersionError } from './file-keyring.ts';
export { DOWNLOAD_RANGE_WINDOW, TRANSFORM_LIMIT, UPLOAD_CHUNK_SIZE, VIEW_RANGE_WINDOW } from './limits.ts';
export { MIME_SNIFF_BYTES, sniffMimeType } from './mime-sniff.ts';
export { isTransformed, type CipherParams, type Compression, type StoredForm } from './stored-form.ts';
export {
  parseUploadContentRange,
  type ContentRangeResult,
  type UploadChunk,
} from './upload-content-range.ts';
export { InfectedFileError, type ScanVerdict, type VirusScanner } from './virus-scanner.ts';
