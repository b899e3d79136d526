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
import { AttachmentsStore } from '../files/attachments.store';
import { FileDropDirective } from '../files/file-drop.directive';
import { ImageViewerComponent } from '../files/image-viewer.component';
import { RevisionsDialogComponent } from './revisions-dialog.component';
import { isImage } from '../files/message-files.component';
import type { NotifyLevel } from '../../core/realtime/chat-events';
import { AttentionStore } from '../attention/attention.store';
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
    ImageViewerComponent,
    RevisionsDialogComponent,
    FileDropDirective,
  ],
  providers: [AttachmentsStore],
  host: { '(keydown.escape)': 'onEscape($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './chat-room.component.html',
  styleUrl: './chat-room.component.scss',
})
export class ChatRoomComponent implements OnDestroy {
  /** From the route, `/rooms/:roomId`. */
  readonly roomId = input.required<string>();
  /** From the query string, `?around=SEQ`: open at this message (a search result). */
  readonly around = input<string | undefined>();

  protected readonly store = inject(ChatStore);
  protected readonly me = inject(AuthStore).user;
  private readonly rooms = inject(RoomsStore);
  private readonly pageTitle = inject(Title);
  protected readonly attention = inject(AttentionStore);
  /**
   * The read marker when the room was opened: the "New messages" divider stays above the
   * first message after it while the room is open, even as the marker moves on.
   */
  protected readonly unreadAfterSeq = signal<number | null>(null);
  /** Unread messages when the room was opened (0 once marked read): the "Jump" bar's count. */
  protected readonly unreadAtOpen = signal(0);
  private dividerFor: string | null = null;
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
  /** Files for the next message (the composer shows them; drops on the room add to them). */
  protected readonly attachments = inject(AttachmentsStore);
  /** Every image of the loaded timeline, oldest first: what the viewer's arrows move through. */
  protected readonly images = computed(() =>
    this.store
      .messages()
      .filter((m) => !m.deletedAt)
      .flatMap((m) => m.files.filter(isImage)),
  );
  protected readonly viewerIndex = signal<number | null>(null);
  /** The message whose edit history is open, if any. */
  protected readonly revisionsOf = signal<string | null>(null);
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
      const around = aroundSeq(this.around());
      untracked(() => {
        this.unreadAfterSeq.set(null);
        this.unreadAtOpen.set(0);
        this.dividerFor = null;
        this.attention.setOpenRoom(roomId);
        this.attachments.setRoom(roomId);
        this.viewerIndex.set(null);
        this.revisionsOf.set(null);
        void this.store.open(roomId, around);
      });
    });
    // The marker as first known on opening (the room list may arrive after a deep link).
    effect(() => {
      const roomId = this.roomId();
      const membership = this.rooms.find(roomId)?.membership;
      if (!membership || this.dividerFor === roomId) return;
      this.dividerFor = roomId;
      this.unreadAfterSeq.set(membership.unread > 0 ? membership.lastReadSeq : null);
      this.unreadAtOpen.set(membership.unread);
    });
    effect(() => {
      if (this.room()) {
        this.pageTitle.setTitle(`${this.attention.titlePrefix()}${this.title()} · Chat`);
      }
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
      case 'revisions':
        this.revisionsOf.set(action.messageId);
        return;
      case 'open-image': {
        const index = this.images().findIndex((file) => file.id === action.fileId);
        if (index >= 0) this.viewerIndex.set(index);
        return;
      }
    }
  }

  /** Sends the text with the files uploaded for it. */
  protected onSend(body: string): void {
    this.store.send(body, this.attachments.take());
  }

  /** Messages up to `seq` were on screen while the tab was visible. */
  protected onSeen(seq: number): void {
    this.attention.markSeen(this.roomId(), seq);
  }

  /** Shows the first unread message, reading the history around it when it is not loaded. */
  protected showFirstUnread(seq: number): void {
    void this.store.loadAround(seq);
  }

  /** Everything here counts as read; the "Jump" bar goes (the divider stays, for orientation). */
  protected markRead(): void {
    this.unreadAtOpen.set(0);
    void this.attention.markAllRead(this.roomId());
  }

  /**
   * Escape in the timeline or the composer that nothing else used (a reply, the mention list,
   * an edit) marks the room read; in the header, a panel or a dialog it is theirs.
   */
  protected onEscape(event: Event): void {
    const target = event.target instanceof Element ? event.target : null;
    if (event.defaultPrevented || !target?.closest('.chat')) return;
    const membership = this.rooms.find(this.roomId())?.membership;
    if (this.unreadAtOpen() === 0 && !membership?.unread) return;
    this.markRead();
  }

  protected setNotify(notify: NotifyLevel): void {
    void this.attention.setNotify(this.roomId(), notify);
  }

  ngOnDestroy(): void {
    this.attention.setOpenRoom(null);
    this.store.close();
  }
}

/** A seq from the query string, or undefined when it is missing or not a seq. */
function aroundSeq(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}
