/** Types shown in place (`<img>`); everything else downloads, so it can never render as a page. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function isInlineType(contentType: string): boolean {
  return INLINE_TYPES.has(contentType);
}

/**
 * Content-Disposition per RFC 6266: `filename*` carries the real name (UTF-8, percent-encoded),
 * `filename` an ASCII stand-in for old clients, with quotes and backslashes replaced.
 */
export function contentDisposition(name: string, contentType: string): string {
  const kind = isInlineType(contentType) ? 'inline' : 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const MAX_NAME_CODE_POINTS = 255;

/**
 * The uploader's file name made safe to show and to put in a header: the last path segment
 * only, without control, format (bidi overrides, zero-width) or line-separator characters,
 * at most 255 code points (the column's length); `file` when nothing is left.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .trim();
  const limited = [...cleaned].slice(0, MAX_NAME_CODE_POINTS).join('');
  return limited === '' || limited === '.' || limited === '..' ? 'file' : limited;
}
