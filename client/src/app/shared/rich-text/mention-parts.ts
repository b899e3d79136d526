/** A piece of a message body: plain text, or a mention (of the reader, `isMe`). */
export interface BodyPart {
  text: string;
  isMention: boolean;
  isMe: boolean;
}

/** A mentioned member, as Message.mentions lists them. */
export interface MentionRef {
  id: string;
  username: string;
}

const USERNAME_CHAR = /[A-Za-z0-9_.-]/;
const WORD_CHAR = /[A-Za-z0-9_]/;

/**
 * The body split around the `@username`s of the members it mentions (the server decided who;
 * this only finds where), by the contract's rule: after the start or a character that cannot
 * be in a username, the longest such username, not running on into a letter, digit or `_`.
 */
export function mentionParts(
  body: string,
  mentions: readonly MentionRef[],
  myId: string | undefined,
): BodyPart[] {
  if (mentions.length === 0 || !body.includes('@'))
    return [{ text: body, isMention: false, isMe: false }];
  const byName = [...mentions].sort((a, b) => b.username.length - a.username.length);
  const parts: BodyPart[] = [];
  let plainFrom = 0;
  for (let at = body.indexOf('@'); at !== -1; at = body.indexOf('@', at + 1)) {
    if (at > 0 && USERNAME_CHAR.test(body[at - 1])) continue;
    const rest = body.slice(at + 1, at + 34).toLowerCase();
    const found = byName.find(
      (m) =>
        rest.startsWith(m.username.toLowerCase()) &&
        !WORD_CHAR.test(body.charAt(at + 1 + m.username.length)),
    );
    if (!found) continue;
    if (at > plainFrom)
      parts.push({ text: body.slice(plainFrom, at), isMention: false, isMe: false });
    const end = at + 1 + found.username.length;
    parts.push({ text: body.slice(at, end), isMention: true, isMe: found.id === myId });
    plainFrom = end;
    at = end - 1;
  }
  if (plainFrom < body.length)
    parts.push({ text: body.slice(plainFrom), isMention: false, isMe: false });
  return parts;
}
