import sharp from 'sharp';

/** The built-in icons, drawn as SVG (no binary files in the repository), rendered once. */
export type IconName = 'video' | 'none' | 'image';

export const ICON_SIZE = 256;
/** Icons are drawn on this background unless the request gives one (as Appwrite's). */
export const ICON_BACKGROUND = 'eceff1';

const INK = '#90a4ae';
const DRAWINGS: Record<IconName, string> = {
  // A sheet of paper with a folded corner: any file that is not an image.
  none: `<path d="M80 48h68l40 40v120H80z" fill="none" stroke="${INK}" stroke-width="10" stroke-linejoin="round"/>
    <path d="M148 48v40h40" fill="none" stroke="${INK}" stroke-width="10" stroke-linejoin="round"/>`,
  // A film frame with a play triangle.
  video: `<rect x="48" y="64" width="160" height="128" rx="16" fill="none" stroke="${INK}" stroke-width="10"/>
    <path d="M112 100v56l48-28z" fill="${INK}"/>`,
  // A picture: mountains and the sun (an image too large to preview).
  image: `<rect x="48" y="64" width="160" height="128" rx="16" fill="none" stroke="${INK}" stroke-width="10"/>
    <path d="M64 176l40-48 32 36 24-24 32 36z" fill="${INK}"/>
    <circle cx="164" cy="100" r="14" fill="${INK}"/>`,
};

const rendered = new Map<IconName, Promise<Buffer>>();

/** The icon as a transparent PNG, `ICON_SIZE` square. */
export function iconPng(name: IconName): Promise<Buffer> {
  let png = rendered.get(name);
  if (!png) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${ICON_SIZE}" height="${ICON_SIZE}" viewBox="0 0 256 256">${DRAWINGS[name]}</svg>`;
    png = sharp(Buffer.from(svg)).png().toBuffer();
    // A failed render is not cached, so the next request tries again.
    png.catch(() => rendered.delete(name));
    rendered.set(name, png);
  }
  return png;
}
