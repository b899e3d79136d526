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
  viewChild,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { AuthStore } from '../../core/auth/auth.store';
import { canEditRoom } from '../members/member-permissions';
import { MembersPanelComponent } from '../members/members-panel.component';
import { RoomSettingsDialogComponent } from '../rooms/room-settings-dialog.component';
import { RoomsStore } from '../rooms/rooms.store';
import { ChatStore } from './chat.store';
import { ComposerComponent } from './composer.component';
import type { MessageAction } from './message-item.component';
import { MessageListComponent } from './message-list.component';

@Component({
  selector: 'app-chat-room',
  imports: [
    RouterLink,
    MessageListComponent,
    ComposerComponent,
    MembersPanelComponent,
    RoomSettingsDialogComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './chat-room.component.html',
  styleUrl: './chat-room.component.scss',
})
export class ChatRoomComponent implements OnDestroy {
  /** From the route, `/rooms/:roomId`. */
  readonly roomId = input.required<string>();

  protected readonly store = inject(ChatStore);
  protected readonly me = inject(AuthStore).user;
  private readonly rooms = inject(RoomsStore);
  private readonly pageTitle = inject(Title);
  protected readonly settings = viewChild(RoomSettingsDialogComponent);
  protected readonly isMembersOpen = signal(false);

  /** The sidebar's copy is the live one (renames, role changes); the join's ack fills in until it exists. */
  protected readonly room = computed(() => this.rooms.find(this.roomId()) ?? this.store.room());
  protected readonly title = computed(() => {
    const room = this.room();
    return room ? this.rooms.label(room) : 'Loading…';
  });
  protected readonly canEdit = computed(() => {
    const room = this.room();
    return !!room && canEditRoom(room, { id: this.me()?.id, role: room.membership?.role ?? null });
  });
  /** Owners and admins may delete anyone's message. */
  protected readonly canModerate = computed(() => {
    const role = this.room()?.membership?.role;
    return role === 'owner' || role === 'admin';
  });
  protected readonly onlineIds = computed(() => new Set(this.store.users().map((u) => u.id)));

  protected readonly typingText = computed(() => {
    const names = this.store.typingUsers().map((u) => u.displayName || u.username);
    if (names.length === 0) return '';
    if (names.length === 1) return `${names[0]} is typing…`;
    if (names.length <= 3)
      return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
    return 'Several people are typing…';
  });

  constructor() {
    effect(() => {
      const roomId = this.roomId();
      untracked(() => void this.store.open(roomId));
    });
    effect(() => {
      if (this.room()) this.pageTitle.setTitle(`${this.title()} · Chat`);
    });
  }

  protected onAction(action: MessageAction): void {
    switch (action.kind) {
      case 'reply':
        this.store.startReply(action.messageId);
        document.getElementById('composer-input')?.focus();
        return;
      case 'edit':
        return this.store.startEdit(action.messageId);
      case 'save':
        return this.store.saveEdit(action.messageId, action.body);
      case 'cancel-edit':
        return this.store.cancelEdit();
      case 'delete':
        return this.store.delete(action.messageId);
      case 'react':
        return this.store.toggleReaction(action.messageId, action.emoji);
      case 'jump':
        void this.store.jumpTo(action.seq);
        return;
    }
  }

  ngOnDestroy(): void {
    this.store.close();
  }
}
