/**
 * Mentions (API.md "Reading, unread counts, mentions, notifications"): `@` at the start of the
 * body or after a character that cannot be in a username, followed by the longest username of
 * a room member that matches case-insensitively and is not followed by an ASCII letter, digit
 * or `_`. Pure functions: the service looks the candidates up among the room's members.
 */

/** What a username is made of (RegisterDto): 3–32 of `[A-Za-z0-9_.-]`. */
const USERNAME_CHAR = /[A-Za-z0-9_.-]/;
const MIN_USERNAME = 3;
const MAX_USERNAME = 32;
/** A mention must not run on into one of these. */
const WORD_CHAR = /[A-Za-z0-9_]/;

/** A mentioned user as the wire shows it. */
export interface MentionRef {
  id: string;
  username: string;
}

/**
 * Every lower-cased username that some `@` of the body could mention, were it a member's: for
 * each `@` in a mentioning place, the prefixes (3–32 characters) of the username characters
 * after it that are not followed by a letter, digit or `_`. Empty when the body has no `@`.
 */
export function mentionCandidates(body: string): string[] {
  const keys = new Set<string>();
  for (const run of mentionRuns(body)) {
    for (const key of prefixesOf(run)) keys.add(key);
  }
  return [...keys];
}

/**
 * The members the body mentions, each once, ordered by username (case-insensitively):
 * `members` maps lower-cased usernames to the room's members among the candidates.
 */
export function resolveMentions(body: string, members: Map<string, MentionRef>): MentionRef[] {
  const found = new Map<string, MentionRef>();
  for (const run of mentionRuns(body)) {
    // Longest first: `@bobby` mentions bobby when both bob and bobby are members.
    const key = prefixesOf(run)
      .reverse()
      .find((candidate) => members.has(candidate));
    if (key !== undefined) {
      const member = members.get(key)!;
      found.set(member.id, member);
    }
  }
  return sortMentions([...found.values()]);
}

export function sortMentions(mentions: MentionRef[]): MentionRef[] {
  return mentions.sort((a, b) => {
    const x = a.username.toLowerCase();
    const y = b.username.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** What follows each `@` in a mentioning place: its username characters and the character after them. */
function* mentionRuns(body: string): Generator<{ text: string; next: string }> {
  for (let at = body.indexOf('@'); at !== -1; at = body.indexOf('@', at + 1)) {
    if (at > 0 && USERNAME_CHAR.test(body[at - 1])) continue;
    let end = at + 1;
    while (end < body.length && USERNAME_CHAR.test(body[end])) end++;
    yield { text: body.slice(at + 1, end), next: body.charAt(end) };
  }
}

/** Lower-cased prefixes of a run that could be a whole mention, shortest first. */
function prefixesOf({ text, next }: { text: string; next: string }): string[] {
  const keys: string[] = [];
  const longest = Math.min(text.length, MAX_USERNAME);
  for (let length = MIN_USERNAME; length <= longest; length++) {
    const following = length < text.length ? text[length] : next;
    if (following !== '' && WORD_CHAR.test(following)) continue;
    keys.push(text.slice(0, length).toLowerCase());
  }
  return keys;
}
