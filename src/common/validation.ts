import { ValidationPipeOptions } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsUUID, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { hasVisibleCharacter } from './input-safety';

/**
 * One set of rules for REST (main.ts) and sockets (the gateway's @UsePipes): unknown fields
 * are refused rather than silently dropped, and query strings arrive as the declared types.
 */
/**
 * Largest seq or change number a cursor may name: they are stored as 32-bit integers, and
 * PostgreSQL refuses a larger parameter rather than finding nothing.
 */
export const MAX_SEQ = 2_147_483_647;

export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
};

/**
 * User text as stored: composed (NFC, so "é" typed two ways is one string for uniqueness,
 * search and length) with leading and trailing whitespace removed; non-strings pass to
 * validation.
 */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.normalize('NFC').trim() : value,
  );

/**
 * Refuses text that shows nothing: only spaces, zero-width and other invisible characters.
 * The empty string is left to the length rule.
 */
export function HasVisibleCharacter(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'hasVisibleCharacter',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must contain a visible character`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || value === '' || hasVisibleCharacter(value),
      },
    });
}

/**
 * Length in Unicode code points (what the contract counts), so an emoji is one character,
 * not the two UTF-16 units that `@Length` would count.
 */
export function CodePointLength(min: number, max: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'codePointLength',
      target: target.constructor,
      propertyName,
      constraints: [min, max],
      options: {
        message: ({ property }: ValidationArguments) =>
          min === max
            ? `${property} must be exactly ${min} characters long`
            : min <= 1
              ? `${property} must be at most ${max} characters long and not blank`
              : `${property} must be between ${min} and ${max} characters long`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const length = countCodePoints(value);
          return length >= min && length <= max;
        },
      },
    });
}

export function countCodePoints(text: string): number {
  // Spreading a string walks code points, not UTF-16 units.
  return [...text].length;
}

/**
 * Query-string integers: only plain digit strings become numbers, so "", "1.5", "-1" and
 * "1e3" stay strings and fail `@IsInt()` instead of being coerced into something valid.
 */
export const ToNonNegativeInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value,
  );

/** Refuses this property when `other` is given too (for mutually exclusive query parameters). */
export function NotWith(other: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'notWith',
      target: target.constructor,
      propertyName,
      constraints: [other],
      options: { message: `${propertyName} cannot be used together with ${other}`, ...options },
      validator: {
        validate: (_value: unknown, args: ValidationArguments) =>
          (args.object as Record<string, unknown>)[other] === undefined,
      },
    });
}

/**
 * An id (a UUID, or each of an array of them), turned into its canonical lower-case form
 * before it is checked: ids are compared as strings (socket channels, PostgreSQL text), so an
 * upper-case spelling must reach the same room rather than a second one.
 */
export function IsId(options: ValidationOptions & { message: string }) {
  const lowerCase = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
  const canonical = Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map(lowerCase) : lowerCase(value),
  );
  const isUuid = IsUUID('all', options);
  return (target: object, propertyName: string) => {
    canonical(target, propertyName);
    isUuid(target, propertyName);
  };
}
