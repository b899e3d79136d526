/** The `@prefix` being typed just before the caret, or null (the contract's rule for where `@` counts). */
export function mentionQueryAt(
  text: string,
  caret: number,
): { start: number; prefix: string } | null {
  const match = /(^|[^A-Za-z0-9_.-])@([A-Za-z0-9_.-]{0,32})$/.exec(text.slice(0, caret));
  if (!match) return null;
  const prefix = match[2];
  return { start: caret - prefix.length - 1, prefix };
}
