import { ChangeDetectionStrategy, Component, inject, viewChild } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { NewMessageDialogComponent } from '../direct/new-message-dialog.component';
import { CreateRoomDialogComponent } from './create-room-dialog.component';
import { RoomsStore } from './rooms.store';

/** The sidebar: rooms, then direct messages, each with its own "new" button. */
@Component({
  selector: 'app-room-list',
  imports: [RouterLink, RouterLinkActive, CreateRoomDialogComponent, NewMessageDialogComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="rooms-heading">
      <div class="header">
        <h2 id="rooms-heading">Rooms</h2>
        <button type="button" class="button" (click)="createDialog().open()">New room</button>
      </div>
      @if (store.isLoading() && store.rooms().length === 0) {
        <p class="note" role="status">Loading rooms…</p>
      } @else if (store.hasFailed()) {
        <p class="note" role="alert">
          Could not load the rooms.
          <button type="button" class="link" (click)="store.load()">Try again</button>
        </p>
      } @else if (store.isEmpty()) {
        <p class="note">No rooms yet. Create the first one.</p>
      }
      <ul>
        @for (room of store.sections().rooms; track room.id) {
          <li>
            <a
              [routerLink]="['/rooms', room.id]"
              routerLinkActive="active"
              ariaCurrentWhenActive="page"
            >
              <span class="name">
                {{ room.name }}
                @if (room.kind === 'private') {
                  <span class="tag">private</span>
                }
              </span>
              @if (room.description) {
                <span class="description">{{ room.description }}</span>
              }
            </a>
          </li>
        }
      </ul>
      <a class="browse" routerLink="/browse" routerLinkActive="active" ariaCurrentWhenActive="page">
        Browse rooms
        @if (store.sections().browse.length > 0) {
          <span class="count">({{ store.sections().browse.length }})</span>
        }
      </a>
    </section>
    <section aria-labelledby="direct-heading">
      <div class="header">
        <h2 id="direct-heading">Direct messages</h2>
        <button type="button" class="button secondary" (click)="messageDialog().open()">
          New message
        </button>
      </div>
      @if (store.sections().direct.length === 0) {
        <p class="note">No conversations yet.</p>
      }
      <ul>
        @for (room of store.sections().direct; track room.id) {
          <li>
            <a
              [routerLink]="['/rooms', room.id]"
              routerLinkActive="active"
              ariaCurrentWhenActive="page"
            >
              <span class="name">{{ store.label(room) }}</span>
            </a>
          </li>
        }
      </ul>
    </section>
    <p class="note shortcut"><kbd>Ctrl</kbd>+<kbd>K</kbd> jumps to a room or person.</p>
    <app-create-room-dialog />
    <app-new-message-dialog />
  `,
  styles: `
    .header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      padding: 0.75rem 1rem;
    }
    h2 {
      margin: 0;
      font-size: 1rem;
    }
    .header .button {
      padding: 0.3rem 0.65rem;
      font-size: 0.9rem;
      white-space: nowrap;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0 0.5rem;
    }
    a {
      display: grid;
      padding: 0.5rem 0.75rem;
      border-radius: 8px;
      color: var(--text);
      text-decoration: none;
    }
    a:hover {
      background: var(--hover);
    }
    a.active {
      background: var(--accent-soft);
    }
    .browse {
      display: block;
      margin: 0.25rem 0.5rem 0.75rem;
      color: var(--accent);
    }
    .count {
      color: var(--muted);
    }
    .name {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .tag {
      font-weight: normal;
      font-size: 0.75rem;
      color: var(--muted);
      border: 1px solid var(--border);
      border-radius: 999px;
      padding: 0 0.35rem;
      margin-left: 0.25rem;
    }
    .description {
      color: var(--muted);
      font-size: 0.85rem;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .note {
      padding: 0 1rem;
      color: var(--muted);
    }
    .shortcut {
      font-size: 0.8rem;
    }
    kbd {
      font: inherit;
      border: 1px solid var(--border);
      border-radius: 4px;
      padding: 0 0.25rem;
    }
  `,
})
export class RoomListComponent {
  protected readonly store = inject(RoomsStore);
  protected readonly createDialog = viewChild.required(CreateRoomDialogComponent);
  protected readonly messageDialog = viewChild.required(NewMessageDialogComponent);
}
