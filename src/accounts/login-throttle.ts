import { Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { RateLimitedException } from '../common/errors/rate-limited.exception';
import { AppConfig, InjectAppConfig } from '../config/app-config';

/** One login attempt: who it names (the account when it exists) and where it comes from. */
export interface LoginAttempt {
  /** The username or email as typed. */
  login: string;
  /** The account it names, when there is one: its username and email share one counter. */
  userId: string | undefined;
  address: string;
}

/** An attempt counted in advance; a failure needs nothing more, a success settles it. */
export interface ReservedAttempt {
  succeeded(): Promise<void>;
}

const TOO_MANY = 'Too many failed login attempts; try again later';

/**
 * Counts failed logins per (address, account), per account and per address, so that one
 * address can slow itself down but not lock anyone else out (issue #21):
 * - per (address, account): the account is locked for that address, even for the right password;
 * - per account, from all addresses together, with a higher limit: a distributed attack locks
 *   the account it targets (and only it) for everyone;
 * - per address: past it, the address is refused for logins naming no account and gets one
 *   try per account, so a correct password for an account it has not failed on still works.
 *
 * Every attempt is counted *before* its password is checked and handed back if it succeeds
 * (or is refused), so parallel guesses cannot all pass the check before any failure is recorded.
 */
@Injectable()
export class LoginThrottle {
  private readonly byPair: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    const limits = config.rateLimits;
    const window = limits.loginWindowSeconds;
    this.byPair = limiters.create('login-ip-account', limits.loginFailures, window);
    this.byAccount = limiters.create('login-account', limits.loginFailuresPerAccount, window);
    this.byAddress = limiters.create('login-ip', limits.loginFailuresPerAddress, window);
  }

  /** Counts the attempt as a failure until told otherwise; 429 when a limit is spent. */
  async reserve(attempt: LoginAttempt): Promise<ReservedAttempt> {
    const account = accountKey(attempt);
    const pairKey = `${attempt.address}|${account}`;
    const [pair, byAccount, byAddress] = await Promise.all([
      count(this.byPair, pairKey),
      count(this.byAccount, account),
      count(this.byAddress, attempt.address),
    ]);
    const isAddressSpent =
      byAddress.consumedPoints > this.byAddress.points &&
      (attempt.userId === undefined || pair.consumedPoints > 1);
    const waitMs = Math.max(
      pair.consumedPoints > this.byPair.points ? pair.msBeforeNext : 0,
      byAccount.consumedPoints > this.byAccount.points ? byAccount.msBeforeNext : 0,
      isAddressSpent ? byAddress.msBeforeNext : 0,
    );
    if (waitMs > 0) {
      // A refused attempt checks no password, so it is no failure: hammering a locked pair
      // must not go on to lock the account for every other address.
      await Promise.all([
        this.byPair.reward(pairKey, 1),
        this.byAccount.reward(account, 1),
        this.byAddress.reward(attempt.address, 1),
      ]);
      throw new RateLimitedException(TOO_MANY, waitMs);
    }
    return {
      succeeded: async () => {
        await Promise.all([
          this.byPair.delete(pairKey),
          this.byAccount.reward(account, 1),
          this.byAddress.reward(attempt.address, 1),
        ]);
      },
    };
  }
}

/** Prefixed so that no typed login can collide with an account id. */
function accountKey({ login, userId }: LoginAttempt): string {
  return userId === undefined ? `login:${login.trim().toLowerCase()}` : `user:${userId}`;
}

/** Consumes one point and returns the count, over the limit or not. */
async function count(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    throw error;
  }
}
