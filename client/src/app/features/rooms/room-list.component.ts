import { ChangeDetectionStrategy, Component, inject, viewChild } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { NewMessageDialogComponent } from '../direct/new-message-dialog.component';
import { CreateRoomDialogComponent } from './create-room-dialog.component';
import { RoomsStore } from './rooms.store';

/** The sidebar: rooms, then direct messages, each with its own "new" button. */
@Component({
  selector: 'app-room-list',
  imports: [
    NgTemplateOutlet,
    RouterLink,
    RouterLinkActive,
    CreateRoomDialogComponent,
    NewMessageDialogComponent,
  ],
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
              [class.unread]="(room.membership?.unread ?? 0) > 0"
              [class.muted]="room.membership?.notify === 'none'"
            >
              <span class="line">
                <span class="name">
                  {{ room.name }}
                  @if (room.kind === 'private') {
                    <span class="tag">private</span>
                  }
                </span>
                <ng-container *ngTemplateOutlet="badges; context: { $implicit: room.membership }" />
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
              [class.unread]="(room.membership?.unread ?? 0) > 0"
              [class.muted]="room.membership?.notify === 'none'"
            >
              <span class="line">
                <span class="name">{{ store.label(room) }}</span>
                <ng-container *ngTemplateOutlet="badges; context: { $implicit: room.membership }" />
              </span>
            </a>
          </li>
        }
      </ul>
    </section>
    <p class="note shortcut"><kbd>Ctrl</kbd>+<kbd>K</kbd> jumps to a room or person.</p>
    <ng-template #badges let-membership>
      @if (membership?.notify === 'none') {
        <span class="visually-hidden">(muted)</span>
      }
      @if (membership?.mentions > 0) {
        <span class="mention-badge"
          >&#64;{{ membership.mentions
          }}<span class="visually-hidden">
            {{ membership.mentions === 1 ? 'mention' : 'mentions' }}</span
          ></span
        >
      }
      @if (membership?.unread > 0) {
        <span class="unread-count"
          >{{ membership.unread > 999 ? '999+' : membership.unread
          }}<span class="visually-hidden"> unread</span></span
        >
      }
    </ng-template>
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
    .line {
      display: flex;
      align-items: center;
      gap: 0.35rem;
    }
    .name {
      flex: 1;
      min-width: 0;
      font-weight: normal;
      overflow-wrap: anywhere;
    }
    a.unread .name {
      font-weight: 700;
    }
    a.muted {
      opacity: 0.6;
    }
    .unread-count,
    .mention-badge {
      font-size: 0.75rem;
      font-weight: 700;
      border-radius: 999px;
      padding: 0 0.45rem;
      line-height: 1.4rem;
    }
    .unread-count {
      background: var(--border);
      color: var(--text);
    }
    a.muted .unread-count {
      background: transparent;
      border: 1px solid var(--border);
    }
    .mention-badge {
      background: var(--danger);
      color: #fff;
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
