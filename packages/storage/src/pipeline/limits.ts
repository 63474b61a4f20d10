/**
 * Appwrite's numbers (`APP_STORAGE_READ_BUFFER`, `APP_LIMIT_ANTIVIRUS`, `MAX_OUTPUT_CHUNK_SIZE`,
 * `APP_LIMIT_UPLOAD_CHUNK_SIZE`), kept so that a file behaves here as it does there.
 */

/** Files up to this many original bytes are compressed, encrypted and scanned; larger ones are stored as they are. */
export const TRANSFORM_LIMIT = 20_000_000;

/** A download's range window when the requested range is open or wider than `VIEW_RANGE_WINDOW`. */
export const DOWNLOAD_RANGE_WINDOW = 10_485_760;

/** A view's range window (and the widest range served as asked). */
export const VIEW_RANGE_WINDOW = 20_000_000;

/** The fixed chunk size of chunked uploads: chunk indexes are computed from it. */
export const UPLOAD_CHUNK_SIZE = 5_242_880;
