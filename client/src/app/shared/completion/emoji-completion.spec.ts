import { EMOJI_COMPLETION, replaceShortcodeAt, shortcodeQueryAt } from './emoji-completion';

describe('emoji shortcode completion', () => {
  it('opens on a colon and two letters, at the start or after a space', () => {
    expect(shortcodeQueryAt(':th', 3)).toEqual({ start: 0, prefix: 'th' });
    expect(shortcodeQueryAt('nice (:thumb', 12)).toEqual({ start: 6, prefix: 'thumb' });
    expect(shortcodeQueryAt('ok :t', 5)).toBeNull();
    expect(shortcodeQueryAt('at 12:30', 8)).toBeNull();
    expect(shortcodeQueryAt('see https://x', 13)).toBeNull();
    expect(shortcodeQueryAt('note:th', 7)).toBeNull();
  });

  it('offers matching shortcodes, best first, and inserts the emoji itself', async () => {
    const options = await EMOJI_COMPLETION.suggest('thu');
    expect(options.map((o) => o.label)).toEqual([':thumbsup:', ':thumbsdown:']);
    expect(options[0]).toMatchObject({ icon: '👍', insert: '👍' });
    const up = (await EMOJI_COMPLETION.suggest('up')).map((o) => o.label);
    expect(up[0]).toBe(':upside_down_face:');
    expect(up).toContain(':thumbsup:');
    expect(await EMOJI_COMPLETION.suggest('zzz')).toEqual([]);
  });

  it('turns a whole :shortcode: ending at the caret into its emoji, aliases too', () => {
    expect(replaceShortcodeAt('great :thumbsup:', 16)).toEqual({ text: 'great 👍', caret: 8 });
    expect(replaceShortcodeAt(':+1: and more', 4)).toEqual({ text: '👍 and more', caret: 2 });
    expect(replaceShortcodeAt('ship it :ROCKET:', 16)?.text).toBe('ship it 🚀');
  });

  it('leaves unknown shortcodes and colons that are not one alone', () => {
    expect(replaceShortcodeAt('hm :nosuchemoji:', 16)).toBeNull();
    expect(replaceShortcodeAt('at 10:30:', 9)).toBeNull();
    expect(replaceShortcodeAt('a:smile:', 8)).toBeNull();
  });
});
