import { BadRequestException } from '@nestjs/common';

/** Deepest nesting a request body or socket payload may have (ours are at most 2 deep). */
export const MAX_INPUT_DEPTH = 16;

/**
 * C0 control characters other than tab and newline. PostgreSQL refuses U+0000 in text, and
 * none of them has a place in a name or a message.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F]/;
/** Half of a surrogate pair without its other half (read per UTF-16 unit: no `u` flag). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses, before any validation or transformation, input no field may hold: nesting deeper
 * than MAX_INPUT_DEPTH (class-transformer recurses, so a 2,000-deep body would overflow the
 * stack), control characters and lone surrogates (not Unicode, and PostgreSQL's UTF-8
 * refuses them) in any string, whatever its field. Walks iteratively; names the field.
 */
export function assertSafeInput(value: unknown): void {
  const pending: { value: unknown; path: string; depth: number }[] = [
    { value, path: '', depth: 0 },
  ];
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) throw new BadRequestException([`${path || 'payload'} ${problem}`]);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      throw new BadRequestException([`${path || 'payload'} is nested too deeply`]);
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) =>
        pending.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }),
      );
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (FORBIDDEN_CONTROL.test(key) || LONE_SURROGATE.test(key)) {
        throw new BadRequestException(['a field name contains characters that are not allowed']);
      }
      pending.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
}

function textProblem(text: string): string | undefined {
  if (FORBIDDEN_CONTROL.test(text)) {
    return 'must not contain control characters (tab and newline are allowed)';
  }
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it has a lone surrogate)';
  return undefined;
}

/**
 * Characters that show nothing on their own: spaces, controls, format characters (zero-width
 * space and joiners, bidi marks), combining marks without a base, and the blank letters
 * (Hangul fillers, the braille blank).
 */
const INVISIBLE_ONLY =
  /^[\p{White_Space}\p{Cc}\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u2800\u{1D159}\u{1D173}-\u{1D17A}]*$/u;

export function hasVisibleCharacter(text: string): boolean {
  return !INVISIBLE_ONLY.test(text);
}
