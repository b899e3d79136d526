/**
 * The emoji the picker offers: common ones, each with words to search it by. Kept in the app
 * (no emoji service); one RGI emoji each, as the server accepts.
 */
export interface EmojiChoice {
  emoji: string;
  name: string;
  /** What `:shortcode:` in the composer stands for (the names Slack and GitHub use). */
  shortcode: string;
}

export const EMOJI: readonly EmojiChoice[] = [
  { emoji: '😀', name: 'grinning face', shortcode: 'grinning' },
  { emoji: '😃', name: 'smiling face with big eyes', shortcode: 'smiley' },
  { emoji: '😄', name: 'smiling face with smiling eyes', shortcode: 'smile' },
  { emoji: '😁', name: 'beaming face', shortcode: 'grin' },
  { emoji: '😆', name: 'laughing', shortcode: 'laughing' },
  { emoji: '😅', name: 'sweat smile', shortcode: 'sweat_smile' },
  { emoji: '🤣', name: 'rolling on the floor laughing', shortcode: 'rofl' },
  { emoji: '😂', name: 'tears of joy', shortcode: 'joy' },
  { emoji: '🙂', name: 'slightly smiling face', shortcode: 'slightly_smiling_face' },
  { emoji: '🙃', name: 'upside-down face', shortcode: 'upside_down_face' },
  { emoji: '😉', name: 'winking face', shortcode: 'wink' },
  { emoji: '😊', name: 'blush', shortcode: 'blush' },
  { emoji: '😇', name: 'halo innocent', shortcode: 'innocent' },
  { emoji: '🥰', name: 'smiling face with hearts', shortcode: 'smiling_face_with_three_hearts' },
  { emoji: '😍', name: 'heart eyes', shortcode: 'heart_eyes' },
  { emoji: '🤩', name: 'star-struck', shortcode: 'star_struck' },
  { emoji: '😘', name: 'blowing a kiss', shortcode: 'kissing_heart' },
  { emoji: '😋', name: 'yum', shortcode: 'yum' },
  { emoji: '😛', name: 'tongue out', shortcode: 'stuck_out_tongue' },
  { emoji: '😜', name: 'winking tongue', shortcode: 'stuck_out_tongue_winking_eye' },
  { emoji: '🤪', name: 'zany face', shortcode: 'zany_face' },
  { emoji: '🤔', name: 'thinking face', shortcode: 'thinking' },
  { emoji: '🤨', name: 'raised eyebrow', shortcode: 'raised_eyebrow' },
  { emoji: '😐', name: 'neutral face', shortcode: 'neutral_face' },
  { emoji: '😑', name: 'expressionless', shortcode: 'expressionless' },
  { emoji: '😶', name: 'no mouth', shortcode: 'no_mouth' },
  { emoji: '🙄', name: 'eye roll', shortcode: 'roll_eyes' },
  { emoji: '😏', name: 'smirk', shortcode: 'smirk' },
  { emoji: '😬', name: 'grimace', shortcode: 'grimacing' },
  { emoji: '😌', name: 'relieved', shortcode: 'relieved' },
  { emoji: '😔', name: 'pensive', shortcode: 'pensive' },
  { emoji: '😪', name: 'sleepy', shortcode: 'sleepy' },
  { emoji: '😴', name: 'sleeping', shortcode: 'sleeping' },
  { emoji: '😷', name: 'mask', shortcode: 'mask' },
  { emoji: '🤒', name: 'thermometer sick', shortcode: 'face_with_thermometer' },
  { emoji: '🤯', name: 'mind blown', shortcode: 'exploding_head' },
  { emoji: '🥳', name: 'party face', shortcode: 'partying_face' },
  { emoji: '😎', name: 'sunglasses cool', shortcode: 'sunglasses' },
  { emoji: '🤓', name: 'nerd', shortcode: 'nerd_face' },
  { emoji: '🧐', name: 'monocle', shortcode: 'monocle_face' },
  { emoji: '😕', name: 'confused', shortcode: 'confused' },
  { emoji: '😟', name: 'worried', shortcode: 'worried' },
  { emoji: '😮', name: 'open mouth surprised', shortcode: 'open_mouth' },
  { emoji: '😲', name: 'astonished', shortcode: 'astonished' },
  { emoji: '😳', name: 'flushed', shortcode: 'flushed' },
  { emoji: '🥺', name: 'pleading', shortcode: 'pleading_face' },
  { emoji: '😢', name: 'crying', shortcode: 'cry' },
  { emoji: '😭', name: 'sobbing', shortcode: 'sob' },
  { emoji: '😱', name: 'screaming', shortcode: 'scream' },
  { emoji: '😖', name: 'confounded', shortcode: 'confounded' },
  { emoji: '😞', name: 'disappointed', shortcode: 'disappointed' },
  { emoji: '😓', name: 'downcast sweat', shortcode: 'sweat' },
  { emoji: '😩', name: 'weary', shortcode: 'weary' },
  { emoji: '😫', name: 'tired', shortcode: 'tired_face' },
  { emoji: '😤', name: 'triumph huff', shortcode: 'triumph' },
  { emoji: '😡', name: 'pouting angry', shortcode: 'rage' },
  { emoji: '😠', name: 'angry', shortcode: 'angry' },
  { emoji: '🤬', name: 'cursing', shortcode: 'cursing_face' },
  { emoji: '💀', name: 'skull', shortcode: 'skull' },
  { emoji: '💩', name: 'poo', shortcode: 'poop' },
  { emoji: '🤡', name: 'clown', shortcode: 'clown_face' },
  { emoji: '👻', name: 'ghost', shortcode: 'ghost' },
  { emoji: '👽', name: 'alien', shortcode: 'alien' },
  { emoji: '🤖', name: 'robot', shortcode: 'robot' },
  { emoji: '😺', name: 'cat smiling', shortcode: 'smiley_cat' },
  { emoji: '👋', name: 'waving hand', shortcode: 'wave' },
  { emoji: '🤚', name: 'raised back of hand', shortcode: 'raised_back_of_hand' },
  { emoji: '✋', name: 'raised hand high five', shortcode: 'hand' },
  { emoji: '👌', name: 'ok hand', shortcode: 'ok_hand' },
  { emoji: '🤌', name: 'pinched fingers', shortcode: 'pinched_fingers' },
  { emoji: '✌️', name: 'victory peace', shortcode: 'v' },
  { emoji: '🤞', name: 'crossed fingers', shortcode: 'crossed_fingers' },
  { emoji: '🤘', name: 'rock on', shortcode: 'metal' },
  { emoji: '👈', name: 'point left', shortcode: 'point_left' },
  { emoji: '👉', name: 'point right', shortcode: 'point_right' },
  { emoji: '👆', name: 'point up', shortcode: 'point_up_2' },
  { emoji: '👇', name: 'point down', shortcode: 'point_down' },
  { emoji: '👍', name: 'thumbs up', shortcode: 'thumbsup' },
  { emoji: '👎', name: 'thumbs down', shortcode: 'thumbsdown' },
  { emoji: '✊', name: 'raised fist', shortcode: 'fist' },
  { emoji: '👊', name: 'fist bump', shortcode: 'facepunch' },
  { emoji: '👏', name: 'clapping', shortcode: 'clap' },
  { emoji: '🙌', name: 'raising hands celebration', shortcode: 'raised_hands' },
  { emoji: '🤝', name: 'handshake', shortcode: 'handshake' },
  { emoji: '🙏', name: 'folded hands please thanks', shortcode: 'pray' },
  { emoji: '💪', name: 'flexed biceps strong', shortcode: 'muscle' },
  { emoji: '👀', name: 'eyes', shortcode: 'eyes' },
  { emoji: '🧠', name: 'brain', shortcode: 'brain' },
  { emoji: '❤️', name: 'red heart love', shortcode: 'heart' },
  { emoji: '🧡', name: 'orange heart', shortcode: 'orange_heart' },
  { emoji: '💛', name: 'yellow heart', shortcode: 'yellow_heart' },
  { emoji: '💚', name: 'green heart', shortcode: 'green_heart' },
  { emoji: '💙', name: 'blue heart', shortcode: 'blue_heart' },
  { emoji: '💜', name: 'purple heart', shortcode: 'purple_heart' },
  { emoji: '🖤', name: 'black heart', shortcode: 'black_heart' },
  { emoji: '💔', name: 'broken heart', shortcode: 'broken_heart' },
  { emoji: '💯', name: 'hundred points', shortcode: '100' },
  { emoji: '💥', name: 'collision boom', shortcode: 'boom' },
  { emoji: '✨', name: 'sparkles', shortcode: 'sparkles' },
  { emoji: '⭐', name: 'star', shortcode: 'star' },
  { emoji: '🔥', name: 'fire', shortcode: 'fire' },
  { emoji: '🎉', name: 'party popper tada', shortcode: 'tada' },
  { emoji: '🎊', name: 'confetti', shortcode: 'confetti_ball' },
  { emoji: '🎁', name: 'gift', shortcode: 'gift' },
  { emoji: '🏆', name: 'trophy', shortcode: 'trophy' },
  { emoji: '🚀', name: 'rocket', shortcode: 'rocket' },
  { emoji: '⚡', name: 'lightning', shortcode: 'zap' },
  { emoji: '☕', name: 'coffee', shortcode: 'coffee' },
  { emoji: '🍕', name: 'pizza', shortcode: 'pizza' },
  { emoji: '🍺', name: 'beer', shortcode: 'beer' },
  { emoji: '🍰', name: 'cake', shortcode: 'cake' },
  { emoji: '✅', name: 'check mark done', shortcode: 'white_check_mark' },
  { emoji: '❌', name: 'cross mark no', shortcode: 'x' },
  { emoji: '❓', name: 'question', shortcode: 'question' },
  { emoji: '❗', name: 'exclamation', shortcode: 'exclamation' },
  { emoji: '⚠️', name: 'warning', shortcode: 'warning' },
];

/** The choices whose name has a word starting with each word of the query (any case). */
export function searchEmoji(query: string, choices: readonly EmojiChoice[] = EMOJI): EmojiChoice[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...choices];
  return choices.filter((c) => {
    const names = c.name.toLowerCase().split(/[\s-]+/);
    return words.every((w) => names.some((n) => n.startsWith(w)) || c.emoji === w);
  });
}

/** Shortcodes some people type for the same emoji. */
const ALIASES: Readonly<Record<string, string>> = {
  '+1': 'thumbsup',
  '-1': 'thumbsdown',
  thumbs_up: 'thumbsup',
  thumbs_down: 'thumbsdown',
  slight_smile: 'slightly_smiling_face',
  shit: 'poop',
  punch: 'facepunch',
};

const BY_SHORTCODE = new Map(EMOJI.map((choice) => [choice.shortcode, choice]));

/** The emoji a complete shortcode (without colons) stands for, or null. */
export function emojiForShortcode(shortcode: string): EmojiChoice | null {
  const code = shortcode.toLowerCase();
  return BY_SHORTCODE.get(ALIASES[code] ?? code) ?? null;
}

/**
 * The emoji whose shortcode starts with `prefix`, then those whose shortcode holds it or with
 * a word of their name starting with it (`:up` finds 🙃 upside_down_face, then 👍 thumbsup).
 */
export function matchShortcodes(prefix: string, limit = 8): EmojiChoice[] {
  const key = prefix.toLowerCase();
  const starts = EMOJI.filter((c) => c.shortcode.startsWith(key));
  const inside = EMOJI.filter(
    (c) =>
      !c.shortcode.startsWith(key) &&
      (c.shortcode.includes(key) || c.name.split(/[\s-]+/).some((word) => word.startsWith(key))),
  );
  return [...starts, ...inside].slice(0, limit);
}
