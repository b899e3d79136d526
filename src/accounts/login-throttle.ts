import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimiterFactory } from '../cluster/rate-limiter-factory';
import { RateLimitedException } from '../common/errors/rate-limited.exception';
import { AppConfig, InjectAppConfig } from '../config/app-config';

/**
 * Counts failed logins per username and per client address. Once either runs out, logins for
 * it are refused (even with the right password, or guessing would go on) until the window ends.
 */
@Injectable()
export class LoginThrottle {
  private readonly byUsername: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(@InjectAppConfig() config: AppConfig, limiters: RateLimiterFactory) {
    const { loginFailures, loginFailuresPerAddress, loginWindowSeconds } = config.rateLimits;
    this.byUsername = limiters.create('login-user', loginFailures, loginWindowSeconds);
    this.byAddress = limiters.create('login-ip', loginFailuresPerAddress, loginWindowSeconds);
  }

  async assertAllowed(login: string, address: string): Promise<void> {
    const [user, client] = await Promise.all([
      this.byUsername.get(usernameKey(login)),
      this.byAddress.get(address),
    ]);
    const waitMs = Math.max(
      msUntilFree(user, this.byUsername.points),
      msUntilFree(client, this.byAddress.points),
    );
    if (waitMs > 0) {
      throw new RateLimitedException('Too many failed login attempts; try again later', waitMs);
    }
  }

  async recordFailure(login: string, address: string): Promise<void> {
    await Promise.all([
      this.byUsername.penalty(usernameKey(login)),
      this.byAddress.penalty(address),
    ]);
  }

  async recordSuccess(login: string): Promise<void> {
    await this.byUsername.delete(usernameKey(login));
  }
}

function usernameKey(login: string): string {
  return login.trim().toLowerCase();
}

function msUntilFree(state: RateLimiterRes | null, points: number): number {
  return state && state.consumedPoints >= points ? state.msBeforeNext : 0;
}
