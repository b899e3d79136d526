import { emojiForShortcode, matchShortcodes } from '../emoji-list';
import type { CompletionOption, CompletionQuery, CompletionSource } from './completion';

/**
 * `:` + at least two letters, at the start or after a space or `(`, just before the caret: so
 * `12:30` and `http://` never open the list.
 */
const SHORTCODE_QUERY = /(^|[\s(]):([A-Za-z]{2}[A-Za-z0-9_+-]{0,30})$/;
/** A whole `:shortcode:` just typed (its closing colon just before the caret). */
const WHOLE_SHORTCODE = /(^|[\s(]):([A-Za-z0-9_+-]{1,32}):$/;

export function shortcodeQueryAt(text: string, caret: number): CompletionQuery | null {
  const match = SHORTCODE_QUERY.exec(text.slice(0, caret));
  if (!match) return null;
  const prefix = match[2];
  return { start: caret - prefix.length - 1, prefix };
}

/**
 * The text with the `:shortcode:` that ends at the caret replaced by its emoji, or null when
 * none ends there or the shortcode is unknown (then it stays as typed).
 */
export function replaceShortcodeAt(
  text: string,
  caret: number,
): { text: string; caret: number } | null {
  const match = WHOLE_SHORTCODE.exec(text.slice(0, caret));
  const choice = match && emojiForShortcode(match[2]);
  if (!match || !choice) return null;
  const start = caret - match[2].length - 2;
  return {
    text: text.slice(0, start) + choice.emoji + text.slice(caret),
    caret: start + choice.emoji.length,
  };
}

/** `:thu` → 👍 :thumbsup: and the like; picking one inserts the emoji itself. */
export const EMOJI_COMPLETION: CompletionSource = {
  id: 'emoji',
  label: 'Emoji',
  queryAt: shortcodeQueryAt,
  suggest: (prefix: string): CompletionOption[] =>
    matchShortcodes(prefix).map((choice) => ({
      key: choice.shortcode,
      icon: choice.emoji,
      label: `:${choice.shortcode}:`,
      insert: choice.emoji,
    })),
};
