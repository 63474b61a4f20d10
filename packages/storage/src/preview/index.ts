export { PREVIEW_CACHE_HIT_HEADERS, PREVIEW_CACHE_MISS_HEADERS, previewCacheKey } from './cache.ts';
export { PreviewUnsupportedError } from './errors.ts';
export { ICON_BACKGROUND, ICON_SIZE } from './icons.ts';
export {
  GRAVITIES,
  OUTPUT_FORMATS,
  OUTPUT_MIME_TYPES,
  previewParamsMessage,
  ZPreviewParams,
  type Gravity,
  type OutputFormat,
  type PreviewParams,
} from './params.ts';
export {
  DEFAULT_PREVIEW_LIMITS,
  defaultPreviewOutput,
  renderPreview,
  type PreviewFile,
  type PreviewLimits,
  type RenderedPreview,
} from './render.ts';
export { DEFAULT_PREVIEW_SIZE_LIMIT, previewSourceOf, type PreviewSource } from './source.ts';
