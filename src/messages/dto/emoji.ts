import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * One RGI emoji grapheme (API.md). The `v` flag's property of strings covers sequences
 * (flags, ZWJ families, skin tones); built at run time because TypeScript only accepts the
 * flag in a literal when targeting ES2024.
 */
const ONE_RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

export function isOneEmoji(value: unknown): value is string {
  return typeof value === 'string' && ONE_RGI_EMOJI.test(value);
}

export function IsOneEmoji(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOneEmoji',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a single emoji`, ...options },
      validator: { validate: isOneEmoji },
    });
}
