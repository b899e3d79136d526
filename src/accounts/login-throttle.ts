import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedException } from '../common/errors/rate-limited.exception';
import { AppConfig, InjectAppConfig } from '../config/app-config';

/**
 * Counts failed logins per username and per client address. Once either runs out, logins for
 * it are refused (even with the right password, or guessing would go on) until the window ends.
 */
@Injectable()
export class LoginThrottle {
  private readonly byUsername: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(@InjectAppConfig() config: AppConfig) {
    const { loginFailures, loginFailuresPerAddress, loginWindowSeconds } = config.rateLimits;
    this.byUsername = new RateLimiterMemory({
      points: loginFailures,
      duration: loginWindowSeconds,
    });
    this.byAddress = new RateLimiterMemory({
      points: loginFailuresPerAddress,
      duration: loginWindowSeconds,
    });
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
