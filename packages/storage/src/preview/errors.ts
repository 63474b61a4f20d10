/**
 * A preview that cannot be made from this file with these parameters: bytes that do not decode
 * as the image their type claims, an image past the pixel limits, or an output this server cannot
 * encode. The route answers 400 `storage_file_type_unsupported` with this message.
 */
export class PreviewUnsupportedError extends Error {
  constructor(
    message: string,
    readonly reason: 'undecodable' | 'too-large' | 'output-unsupported',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PreviewUnsupportedError';
  }
}
