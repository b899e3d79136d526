export class HealthResponseDto {
  /**
   * "ok" when every dependency is up, else "error".
   * @example "ok"
   */
  status: 'ok' | 'error';
  /**
   * @example "up"
   */
  db: 'up' | 'down';
  /**
   * Only when running with Redis (REDIS_URL).
   * @example "up"
   */
  redis?: 'up' | 'down';
}
