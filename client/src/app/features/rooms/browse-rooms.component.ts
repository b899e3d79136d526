import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { RoomsStore } from './rooms.store';

/** Public rooms the caller has not joined; opening one joins it (`room:join` makes a member). */
@Component({
  selector: 'app-browse-rooms',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="back" routerLink="/rooms">‹ Rooms</a>
    <h1>Browse rooms</h1>
    @if (store.isLoading() && store.sections().browse.length === 0) {
      <p class="note" role="status">Loading rooms…</p>
    } @else if (store.sections().browse.length === 0) {
      <p class="note">You are in every public room. Create a new one from the sidebar.</p>
    }
    <ul aria-label="Public rooms you can join">
      @for (room of store.sections().browse; track room.id) {
        <li>
          <div class="about">
            <span class="name">{{ room.name }}</span>
            @if (room.description) {
              <span class="description">{{ room.description }}</span>
            }
            @if (room.memberCount !== undefined) {
              <span class="hint"
                >{{ room.memberCount }} {{ room.memberCount === 1 ? 'member' : 'members' }}</span
              >
            }
          </div>
          <button
            type="button"
            class="button"
            [attr.aria-label]="'Join ' + room.name"
            (click)="join(room.id)"
          >
            Join
          </button>
        </li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
      padding: 1rem 1.5rem;
      overflow-y: auto;
    }
    h1 {
      margin: 0 0 1rem;
      font-size: 1.2rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5rem;
      max-width: 40rem;
    }
    li {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 0.75rem 1rem;
      border: 1px solid var(--border);
      border-radius: 10px;
      background: var(--surface);
    }
    .about {
      flex: 1;
      display: grid;
      min-width: 0;
    }
    .name {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .description {
      color: var(--muted);
      overflow-wrap: anywhere;
    }
    .note {
      color: var(--muted);
    }
    .back {
      display: none;
      margin-bottom: 0.5rem;
    }
    /* On a phone the sidebar is hidden while this shows. */
    @media (max-width: 700px) {
      .back {
        display: inline-block;
      }
    }
  `,
})
export class BrowseRoomsComponent implements OnInit {
  protected readonly store = inject(RoomsStore);
  private readonly router = inject(Router);

  ngOnInit(): void {
    // Rooms others made while this tab was elsewhere, and ones this user was removed from.
    void this.store.load();
  }

  protected join(roomId: string): void {
    void this.router.navigate(['/rooms', roomId]);
  }
}
