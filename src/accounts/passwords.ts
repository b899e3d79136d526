import * as argon2 from 'argon2';

// OWASP's recommended argon2id parameters (19 MiB, 2 passes): ~20 ms a hash on a small core.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let decoyHash: Promise<string> | undefined;

/**
 * Verifies against the stored hash, or against a decoy when there is no such user, so an
 * unknown username costs the same time as a wrong password and cannot be told apart.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  decoyHash ??= hashPassword('decoy password that matches nothing');
  const isMatch = await argon2.verify(hash ?? (await decoyHash), password);
  return hash !== undefined && isMatch;
}
