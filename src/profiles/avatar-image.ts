import { imageLibrary, MAX_IMAGE_PIXELS, probeImage } from '../files/images';

/** Longest side of a stored avatar: it is shown at 40 px or so, 256 covers high-DPI screens. */
export const AVATAR_MAX_SIDE = 256;
export const AVATAR_CONTENT_TYPE = 'image/webp';
/** What an avatar may be uploaded as (sniffed from the bytes). SVG never: it can carry script. */
export const AVATAR_SOURCE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * The avatar made from an uploaded image: rotated as its EXIF says, cropped to the central
 * square, scaled down to at most 256 × 256 (never up), first frame only, re-encoded as WebP
 * without any metadata (sharp drops EXIF, GPS included, unless asked to keep it). Returns false
 * when the image cannot be decoded or is over the pixel limit.
 */
export async function makeAvatar(
  sourcePath: string,
  contentType: string,
  targetPath: string,
): Promise<boolean> {
  const size = await probeImage(sourcePath, contentType);
  if (!size) return false;
  const side = Math.min(AVATAR_MAX_SIDE, size.width, size.height);
  const sharp = await imageLibrary();
  try {
    await sharp(sourcePath, { limitInputPixels: MAX_IMAGE_PIXELS, animated: false })
      .autoOrient()
      .resize(side, side, { fit: 'cover', position: 'centre' })
      .webp({ quality: 85 })
      .toFile(targetPath);
    return true;
  } catch {
    return false;
  }
}
