import { Injectable, signal } from '@angular/core';

/**
 * One shared ticker for everything that shows times relative to now: `now` changes once a
 * minute, on the minute, so each time label recomputes then (and its text node changes only
 * when its words do) instead of every message keeping a timer of its own.
 */
@Injectable({ providedIn: 'root' })
export class ClockService {
  private readonly current = signal(Date.now());
  readonly now = this.current.asReadonly();

  constructor() {
    this.scheduleTick();
  }

  private scheduleTick(): void {
    const untilNextMinute = 60_000 - (Date.now() % 60_000);
    setTimeout(() => {
      this.current.set(Date.now());
      this.scheduleTick();
    }, untilNextMinute);
  }
}
