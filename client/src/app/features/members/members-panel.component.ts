import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  OnDestroy,
  signal,
  untracked,
} from '@angular/core';
import { Router } from '@angular/router';
import { errorMessages } from '../../core/api/api-errors';
import type { Member, Room, User } from '../../core/api/api-types';
import { AuthStore } from '../../core/auth/auth.store';
import { UserPickerComponent } from '../../shared/user-picker.component';
import { RoomsStore } from '../rooms/rooms.store';
import {
  canAddMembers,
  canBan,
  canLeave,
  canRemove,
  ROLE_NAMES,
  rolesToGive,
  Viewer,
} from './member-permissions';
import { MembersStore } from './members.store';

/** Who is in a room, what each may be done to by the viewer, and "Leave room". */
@Component({
  selector: 'app-members-panel',
  imports: [UserPickerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 id="members-title">Members</h2>
    @if (canAdd()) {
      <app-user-picker label="Add a member" [exclude]="memberIds()" (picked)="add($event)" />
    }
    @if (store.error()) {
      <p class="form-error" role="alert">{{ store.error() }}</p>
    }
    @if (store.isLoading()) {
      <p class="hint" role="status">Loading members…</p>
    } @else if (store.hasFailed()) {
      <p class="form-error" role="alert">Could not load the members.</p>
    }
    <ul aria-labelledby="members-title">
      @for (member of store.members(); track member.user.id) {
        <li>
          <div class="who">
            <span
              class="dot"
              [class.online]="onlineIds().has(member.user.id)"
              aria-hidden="true"
            ></span>
            <span class="name" [title]="'@' + member.user.username">{{
              member.user.displayName || member.user.username
            }}</span>
            @if (member.user.id === viewer().id) {
              <span class="hint">(you)</span>
            }
            <span class="visually-hidden">{{
              onlineIds().has(member.user.id) ? ', online, ' : ', offline, '
            }}</span>
            <span class="role" [class.plain]="member.role === 'member'">{{
              roleNames[member.role]
            }}</span>
          </div>
          @if (actionsFor(member); as actions) {
            @if (actions.roles.length || actions.canRemove) {
              <div class="actions">
                @for (role of actions.roles; track role) {
                  <button
                    type="button"
                    class="button secondary small"
                    [attr.aria-label]="
                      'Make ' + roleNames[role].toLowerCase() + ': ' + member.user.username
                    "
                    (click)="store.setRole(member.user.id, role)"
                  >
                    Make {{ roleNames[role].toLowerCase() }}
                  </button>
                }
                @if (actions.canRemove) {
                  <button
                    type="button"
                    class="button secondary small"
                    [attr.aria-label]="'Remove ' + member.user.username"
                    (click)="store.remove(member.user.id)"
                  >
                    Remove
                  </button>
                }
                @if (actions.canBan) {
                  <button
                    type="button"
                    class="button secondary small danger"
                    [attr.aria-label]="'Ban ' + member.user.username"
                    (click)="store.ban(member.user.id)"
                  >
                    Ban
                  </button>
                }
              </div>
            }
          }
        </li>
      }
    </ul>
    @if (canLeaveRoom()) {
      <div class="leave">
        <button type="button" class="button secondary danger" (click)="leave()">Leave room</button>
        @if (leaveError()) {
          <p class="form-error" role="alert">{{ leaveError() }}</p>
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      padding: 1rem;
      overflow-y: auto;
    }
    h2 {
      margin: 0;
      font-size: 1rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    li {
      display: grid;
      gap: 0.3rem;
    }
    .who {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      flex-wrap: wrap;
    }
    .name {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .dot {
      width: 0.55rem;
      height: 0.55rem;
      border-radius: 50%;
      border: 1.5px solid var(--muted);
    }
    .dot.online {
      background: var(--online);
      border-color: var(--online);
    }
    .role {
      margin-left: auto;
      font-size: 0.8rem;
      padding: 0 0.4rem;
      border-radius: 999px;
      background: var(--accent-soft);
    }
    .role.plain {
      background: none;
      color: var(--muted);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem;
    }
    .small {
      padding: 0.15rem 0.5rem;
      font-size: 0.8rem;
    }
    .danger {
      color: var(--danger);
    }
    .leave {
      margin-top: auto;
      display: grid;
      gap: 0.4rem;
    }
  `,
})
export class MembersPanelComponent implements OnDestroy {
  readonly room = input.required<Room>();
  /** Who is online in the room now (from presence). */
  readonly onlineIds = input<ReadonlySet<string>>(new Set());

  protected readonly store = inject(MembersStore);
  private readonly rooms = inject(RoomsStore);
  private readonly router = inject(Router);
  private readonly me = inject(AuthStore).user;
  protected readonly roleNames = ROLE_NAMES;
  protected readonly leaveError = signal('');

  protected readonly viewer = computed<Viewer>(() => ({
    id: this.me()?.id,
    role: this.room().membership?.role ?? null,
  }));
  protected readonly canAdd = computed(() => canAddMembers(this.room(), this.viewer()));
  protected readonly canLeaveRoom = computed(() => canLeave(this.room(), this.viewer()));
  protected readonly memberIds = computed(() => [
    ...this.store.members().map((m) => m.user.id),
    ...(this.viewer().id ? [this.viewer().id as string] : []),
  ]);

  constructor() {
    effect(() => {
      const roomId = this.room().id;
      untracked(() => {
        this.leaveError.set('');
        void this.store.open(roomId);
      });
    });
  }

  ngOnDestroy(): void {
    this.store.close();
  }

  protected actionsFor(member: Member) {
    const room = this.room();
    const viewer = this.viewer();
    return {
      roles: rolesToGive(room, viewer, member),
      canRemove: canRemove(room, viewer, member),
      canBan: canBan(room, viewer, member),
    };
  }

  protected add(user: User): void {
    void this.store.add(user.id);
  }

  protected async leave(): Promise<void> {
    this.leaveError.set('');
    try {
      await this.rooms.leave(this.room().id);
      await this.router.navigateByUrl('/rooms');
    } catch (error) {
      this.leaveError.set(
        error instanceof HttpErrorResponse && error.status === 409
          ? `You are the last owner of this room, so you cannot leave it. Make someone else an owner first. (${errorMessages(error).join(' ')})`
          : errorMessages(error).join(' '),
      );
    }
  }
}
