import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ClockService } from './clock.service';
import { fullTime, relativeTime } from './relative-time';

/**
 * A time as "5 min" or "Yesterday 14:02" (see relativeTime), kept current by the shared
 * ClockService, with the full date and time on hover and for screen readers.
 */
@Component({
  selector: 'app-relative-time',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<time [attr.datetime]="at()" [title]="full()"
    ><span aria-hidden="true">{{ label() }}</span
    ><span class="visually-hidden">{{ full() }}</span></time
  >`,
})
export class RelativeTimeComponent {
  /** ISO 8601. */
  readonly at = input.required<string>();
  private readonly clock = inject(ClockService);
  private readonly date = computed(() => new Date(this.at()));
  protected readonly label = computed(() => relativeTime(this.date(), new Date(this.clock.now())));
  protected readonly full = computed(() => fullTime(this.date()));
}
