const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A message's time as people say it: "just now", "5 min", "14:02" today, "Yesterday 14:02",
 * the weekday within the past week, then the date. Relative only while that is shorter and
 * clearer; the full time goes in the title (see RelativeTimeComponent). `locale` is the
 * browser's unless given (tests).
 */
export function relativeTime(at: Date, now: Date, locale?: string): string {
  const age = now.getTime() - at.getTime();
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  // A clock a little ahead of the server's still says "just now", not a time in the future.
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min`;
  const days = calendarDaysBetween(at, now);
  if (days === 0) return clock.format(at);
  if (days === 1) return `Yesterday ${clock.format(at)}`;
  if (days < 7) {
    const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(at);
    return `${weekday} ${clock.format(at)}`;
  }
  const sameYear = at.getFullYear() === now.getFullYear();
  const date = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${date.format(at)}, ${clock.format(at)}`;
}

/** The full date and time, for the title and for screen readers. */
export function fullTime(at: Date, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(at);
}

/** Local calendar days from `earlier` to `later` (0 on the same day), across DST changes. */
function calendarDaysBetween(earlier: Date, later: Date): number {
  const dayOf = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((dayOf(later) - dayOf(earlier)) / (24 * HOUR));
}
