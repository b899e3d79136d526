import { ChangeDetectionStrategy, Component, inject, viewChild } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { CreateRoomDialogComponent } from './create-room-dialog.component';
import { RoomsStore } from './rooms.store';

@Component({
  selector: 'app-room-list',
  imports: [RouterLink, RouterLinkActive, CreateRoomDialogComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="header">
      <h2>Rooms</h2>
      <button type="button" class="button" (click)="dialog().open()">New room</button>
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
      @for (room of store.rooms(); track room.id) {
        <li>
          <a
            [routerLink]="['/rooms', room.id]"
            routerLinkActive="active"
            ariaCurrentWhenActive="page"
          >
            <span class="name">{{ room.name }}</span>
            @if (room.description) {
              <span class="description">{{ room.description }}</span>
            }
          </a>
        </li>
      }
    </ul>
    <app-create-room-dialog />
  `,
  styles: `
    .header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      padding: 0.75rem 1rem;
    }
    h2 {
      margin: 0;
      font-size: 1rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0 0.5rem 1rem;
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
    .name {
      font-weight: 600;
      overflow-wrap: anywhere;
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
  `,
})
export class RoomListComponent {
  protected readonly store = inject(RoomsStore);
  protected readonly dialog = viewChild.required(CreateRoomDialogComponent);
}
