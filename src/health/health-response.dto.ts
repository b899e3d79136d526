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
  /**
   * Why the database is down, when known.
   * @example "the disk is full"
   */
  reason?: string;
}
