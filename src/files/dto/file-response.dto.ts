import type { FileEntity } from '../file.entity';

/** The wire shape **File** of API.md. */
export class FileResponseDto {
  id: string;
  /** The uploader's file name, cleaned of paths and control characters. */
  name: string;
  /** Bytes. */
  size: number;
  /** From the bytes, never from what the uploader said; `application/octet-stream` if unknown. */
  contentType: string;
  /** Pixels; null unless it is an image (PNG, JPEG, GIF, WebP). */
  width: number | null;
  height: number | null;
  /** Signed, expires in about an hour; needs no token (works in `<img src>`). */
  url: string;
  /** A signed URL of a WebP that fits in 400 × 400; null unless it is an image and until it is made. */
  thumbnailUrl: string | null;
}

/** Names every field, so a new column never reaches a reply unnoticed. */
export function toFileResponse(
  file: FileEntity,
  urls: { url: string; thumbnailUrl: string | null },
): FileResponseDto {
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    contentType: file.contentType,
    width: file.width,
    height: file.height,
    url: urls.url,
    thumbnailUrl: urls.thumbnailUrl,
  };
}
