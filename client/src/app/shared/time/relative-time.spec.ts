import { TestBed } from '@angular/core/testing';
import { fullTime, relativeTime } from './relative-time';
import { RelativeTimeComponent } from './relative-time.component';

describe('relativeTime', () => {
  // Local times, so that "today" and "yesterday" are the reader's days.
  const now = new Date(2026, 11, 7, 16, 30, 0);
  const at = (...parts: [number, number, number, number, number]) => new Date(...parts);
  const say = (date: Date) => relativeTime(date, now, 'en-GB');

  it('says "just now" within a minute, also for a clock a little ahead', () => {
    expect(say(new Date(now.getTime() - 59_000))).toBe('just now');
    expect(say(new Date(now.getTime() + 5_000))).toBe('just now');
  });

  it('counts minutes within the hour', () => {
    expect(say(new Date(now.getTime() - 60_000))).toBe('1 min');
    expect(say(new Date(now.getTime() - 5 * 60_000 - 30_000))).toBe('5 min');
    expect(say(new Date(now.getTime() - 59 * 60_000))).toBe('59 min');
  });

  it('gives the time today, "Yesterday" and the time, the weekday within a week, then the date', () => {
    expect(say(at(2026, 11, 7, 9, 5))).toBe('09:05');
    expect(say(at(2026, 11, 6, 14, 2))).toBe('Yesterday 14:02');
    expect(say(at(2026, 11, 6, 23, 59))).toBe('Yesterday 23:59');
    expect(say(at(2026, 11, 3, 8, 0))).toBe('Thu 08:00');
    expect(say(at(2026, 10, 20, 8, 0))).toBe('20 Nov, 08:00');
    expect(say(at(2025, 10, 20, 8, 0))).toBe('20 Nov 2025, 08:00');
  });

  it('gives the full time for the title', () => {
    const full = fullTime(at(2026, 11, 6, 14, 2), 'en-GB');
    expect(full).toMatch(/^Sunday,? 6 December 2026/);
    expect(full).toContain('14:02');
  });
});

describe('RelativeTimeComponent', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 11, 7, 16, 30, 20));
  });
  afterEach(() => vi.useRealTimers());

  it('moves on as the shared minute ticker ticks, with the full time on hover', () => {
    const fixture = TestBed.createComponent(RelativeTimeComponent);
    const sentAt = new Date(2026, 11, 7, 16, 30, 0);
    fixture.componentRef.setInput('at', sentAt.toISOString());
    fixture.detectChanges();
    const time = (fixture.nativeElement as HTMLElement).querySelector('time')!;
    const shown = () => time.querySelector('[aria-hidden="true"]')!.textContent;
    expect(shown()).toBe('just now');
    expect(time.getAttribute('datetime')).toBe(sentAt.toISOString());
    expect(time.title).toBe(fullTime(sentAt));
    // The full time is there for screen readers too, not only on hover.
    expect(time.querySelector('.visually-hidden')!.textContent).toBe(fullTime(sentAt));

    // Nothing changes between ticks …
    vi.advanceTimersByTime(39_000);
    fixture.detectChanges();
    expect(shown()).toBe('just now');
    // … the tick on the minute (16:31:00) finds it a minute old …
    vi.advanceTimersByTime(1_000);
    fixture.detectChanges();
    expect(shown()).toBe('1 min');
    // … and the ticks go on, once a minute.
    vi.advanceTimersByTime(4 * 60_000);
    fixture.detectChanges();
    expect(shown()).toBe('5 min');
  });
});
