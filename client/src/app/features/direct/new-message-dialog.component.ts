import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { Router } from '@angular/router';
import { errorMessages } from '../../core/api/api-errors';
import type { User } from '../../core/api/api-types';
import { AuthStore } from '../../core/auth/auth.store';
import { UserPickerComponent } from '../../shared/user-picker.component';
import { DirectStore, MAX_DIRECT_PEOPLE } from './direct.store';

/** "New message": pick 1–8 people, then open the direct conversation with them. */
@Component({
  selector: 'app-new-message-dialog',
  imports: [UserPickerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog aria-labelledby="new-message-title" (close)="reset()">
      <form (submit)="$event.preventDefault(); start()">
        <h2 id="new-message-title">New message</h2>
        <app-user-picker
          label="To"
          [exclude]="excluded()"
          [disabled]="isFull()"
          (picked)="add($event)"
        />
        <p class="hint" id="new-message-limit">
          {{ isFull() ? 'That is the most people a conversation can have.' : 'Up to 8 people.' }}
        </p>
        @if (people().length > 0) {
          <ul class="chips" aria-label="People in this conversation">
            @for (person of people(); track person.id) {
              <li>
                {{ person.username }}
                <button
                  type="button"
                  class="link"
                  [attr.aria-label]="'Remove ' + person.username"
                  (click)="removePerson(person.id)"
                >
                  ×
                </button>
              </li>
            }
          </ul>
        }
        @if (error()) {
          <p class="form-error" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <button type="button" class="button secondary" (click)="dialog.close()">Cancel</button>
          <button type="submit" class="button" [disabled]="people().length === 0 || isStarting()">
            {{ isStarting() ? 'Opening…' : 'Start conversation' }}
          </button>
        </div>
      </form>
    </dialog>
  `,
  styleUrl: '../../shared/dialog.scss',
  styles: `
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .chips li {
      padding: 0.15rem 0.3rem 0.15rem 0.6rem;
      border-radius: 999px;
      background: var(--accent-soft);
    }
    .chips button {
      text-decoration: none;
      padding: 0 0.3rem;
      color: var(--text);
    }
    .hint {
      margin: -0.5rem 0 0;
    }
  `,
})
export class NewMessageDialogComponent {
  private readonly direct = inject(DirectStore);
  private readonly router = inject(Router);
  private readonly me = inject(AuthStore).user;
  private readonly dialogRef = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  protected readonly people = signal<User[]>([]);
  protected readonly error = signal('');
  protected readonly isStarting = signal(false);
  protected readonly isFull = computed(() => this.people().length >= MAX_DIRECT_PEOPLE);
  protected readonly excluded = computed(() => [
    ...this.people().map((p) => p.id),
    ...(this.me() ? [this.me()!.id] : []),
  ]);

  open(): void {
    this.dialogRef().nativeElement.showModal();
  }

  protected reset(): void {
    this.people.set([]);
    this.error.set('');
  }

  protected add(user: User): void {
    if (this.isFull()) return;
    this.people.update((list) => (list.some((p) => p.id === user.id) ? list : [...list, user]));
  }

  protected removePerson(userId: string): void {
    this.people.update((list) => list.filter((p) => p.id !== userId));
  }

  protected async start(): Promise<void> {
    if (this.people().length === 0 || this.isStarting()) return;
    this.isStarting.set(true);
    this.error.set('');
    try {
      const room = await this.direct.start(this.people().map((p) => p.id));
      this.dialogRef().nativeElement.close();
      await this.router.navigate(['/rooms', room.id]);
    } catch (error) {
      this.error.set(errorMessages(error).join(' '));
    } finally {
      this.isStarting.set(false);
    }
  }
}
