import type { Readable } from 'node:stream';
import type Sharp from 'sharp';

/** Types that get width, height and a thumbnail. SVG is never one (it can carry script). */
const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** Larger images (decompression bombs among them) are stored as plain files: no preview. */
export const MAX_IMAGE_PIXELS = 50_000_000;
export const THUMBNAIL_MAX_SIDE = 400;
export const THUMBNAIL_CONTENT_TYPE = 'image/webp';

let library: Promise<typeof Sharp> | undefined;

/**
 * sharp, loaded with the first image rather than at start: libvips adds about 19 MB to the
 * resident memory of a server that may never see an image. Image work runs off the request
 * path, one libvips thread at a time: two cores are shared with the database and every socket.
 */
export function imageLibrary(): Promise<typeof Sharp> {
  library ??= import('sharp').then(({ default: sharp }) => {
    sharp.concurrency(1);
    return sharp;
  });
  return library;
}

export interface ImageSize {
  width: number;
  height: number;
}

/**
 * Width and height as shown (after EXIF rotation), read from the header only; undefined when
 * the type gets no preview or the image cannot be decoded or is over the pixel limit.
 */
export async function probeImage(
  path: string,
  contentType: string,
): Promise<ImageSize | undefined> {
  if (!RASTER_TYPES.has(contentType)) return undefined;
  try {
    const sharp = await imageLibrary();
    const metadata = await sharp(path, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    const { width, height } = metadata.autoOrient ?? metadata;
    if (!width || !height || width * height > MAX_IMAGE_PIXELS) return undefined;
    return { width, height };
  } catch {
    return undefined;
  }
}

/**
 * A WebP thumbnail that fits in 400 × 400 (never enlarged), rotated as the EXIF says and
 * without any metadata (sharp drops EXIF, GPS included, unless asked to keep it).
 */
export async function makeThumbnail(source: Readable, targetPath: string): Promise<void> {
  const sharp = await imageLibrary();
  const pipeline = sharp({ limitInputPixels: MAX_IMAGE_PIXELS, animated: false })
    .autoOrient()
    .resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 });
  source.once('error', (error) => pipeline.destroy(error));
  await source.pipe(pipeline).toFile(targetPath);
}
