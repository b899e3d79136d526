import { DatePipe } from '@angular/common';
import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { Message } from '../../core/api/api-types';
import { AvatarComponent, displayNameOf } from '../../shared/avatar.component';
import { EmojiPickerComponent } from '../../shared/emoji-picker.component';
import { MessageFilesComponent } from '../files/message-files.component';
import { RichTextComponent } from '../../shared/rich-text/rich-text.component';
import { RelativeTimeComponent } from '../../shared/time/relative-time.component';
import { reactedBy } from './message-changes';

/** What a person did to a message; the room hands it to the store. */
export type MessageAction =
  | { kind: 'reply'; messageId: string }
  | { kind: 'edit'; messageId: string }
  | { kind: 'save'; messageId: string; body: string }
  | { kind: 'cancel-edit' }
  | { kind: 'delete'; messageId: string }
  | { kind: 'react'; messageId: string; emoji: string }
  | { kind: 'jump'; seq: number }
  | { kind: 'open-image'; fileId: string }
  | { kind: 'revisions'; messageId: string };

/** Holding a finger this long on a message opens its actions. */
const LONG_PRESS_MS = 500;

/**
 * One stored message in the timeline: its text (or its tombstone), the message it answers,
 * its reactions, and its actions — shown on hover, on keyboard focus, and after a long press
 * on a touch screen.
 */
@Component({
  // An attribute on the <li>: the timeline's <ol> may hold list items only.
  // eslint-disable-next-line @angular-eslint/component-selector
  selector: 'li[app-message]',
  imports: [
    AvatarComponent,
    DatePipe,
    EmojiPickerComponent,
    MessageFilesComponent,
    RelativeTimeComponent,
    RichTextComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'message',
    '[class.group-start]': 'startsGroup()',
    '[class.mine]': 'isMine()',
    '[class.deleted]': '!!message().deletedAt',
    '[class.changing]': 'isChanging()',
    '[class.highlight]': 'isHighlighted()',
    '[class.mentions-me]': 'mentionsMe()',
    '[class.actions-open]': 'isActionsOpen() || isPickerOpen() || isConfirmingDelete()',
    '[attr.data-seq]': 'message().seq',
    '(pointerdown)': 'onPointerDown($event)',
    '(pointerup)': 'cancelLongPress()',
    '(pointercancel)': 'cancelLongPress()',
    '(document:pointerdown)': 'onDocumentPointerDown($event)',
    '(keydown.escape)': 'closeActions()',
  },
  templateUrl: './message-item.component.html',
  styleUrl: './message-item.component.scss',
})
export class MessageItemComponent {
  readonly message = input.required<Message>();
  readonly startsGroup = input(false);
  readonly myId = input<string | undefined>();
  /** Owners and admins of the room may delete anyone's message. */
  readonly canModerate = input(false);
  readonly isEditing = input(false);
  /** A change of mine to it is on its way. */
  readonly isChanging = input(false);
  readonly isHighlighted = input(false);
  readonly names = input<ReadonlyMap<string, string>>(new Map());
  readonly act = output<MessageAction>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly editor = viewChild<ElementRef<HTMLTextAreaElement>>('editor');
  private readonly reactButton = viewChild<ElementRef<HTMLButtonElement>>('reactButton');
  private readonly confirmButton = viewChild<ElementRef<HTMLButtonElement>>('confirmButton');

  protected readonly isActionsOpen = signal(false);
  protected readonly isPickerOpen = signal(false);
  protected readonly isConfirmingDelete = signal(false);
  protected readonly editFieldId = computed(() => `edit-${this.message().id}`);

  protected readonly senderName = computed(() => displayNameOf(this.message().sender));
  protected readonly isMine = computed(() => this.message().sender.id === this.myId());
  protected readonly mentionsMe = computed(
    () => !this.isMine() && this.message().mentions.some((m) => m.id === this.myId()),
  );
  /** The server shows earlier versions to the sender and the room's owners and admins. */
  protected readonly canSeeRevisions = computed(() => this.isMine() || this.canModerate());
  protected readonly canEdit = computed(() => this.isMine() && !this.message().deletedAt);
  protected readonly canDelete = computed(
    () => !this.message().deletedAt && (this.isMine() || this.canModerate()),
  );
  protected readonly reactions = computed(() =>
    this.message().reactions.map((reaction) => {
      const who = reactedBy(reaction, this.names(), this.myId());
      return {
        ...reaction,
        isMine: !!this.myId() && reaction.userIds.includes(this.myId()!),
        title: `${who} reacted with ${reaction.emoji}`,
        label: `${reaction.emoji} ${reaction.count}: ${who}`,
      };
    }),
  );
  protected readonly actionsLabel = computed(
    () => `Actions for the message from ${this.message().sender.username}`,
  );

  private longPress: ReturnType<typeof setTimeout> | undefined;
  private hasFocusedEditor = false;

  constructor() {
    afterRenderEffect(() => {
      const editor = this.editor()?.nativeElement;
      if (!editor) {
        this.hasFocusedEditor = false;
      } else if (!this.hasFocusedEditor) {
        this.hasFocusedEditor = true;
        editor.focus();
        editor.setSelectionRange(editor.value.length, editor.value.length);
      }
    });
    afterRenderEffect(() => {
      if (this.isConfirmingDelete()) this.confirmButton()?.nativeElement.focus();
    });
  }

  protected reply(): void {
    this.act.emit({ kind: 'reply', messageId: this.message().id });
    this.isActionsOpen.set(false);
  }

  protected edit(): void {
    this.act.emit({ kind: 'edit', messageId: this.message().id });
    this.isActionsOpen.set(false);
  }

  protected askDelete(): void {
    this.isConfirmingDelete.set(true);
  }

  protected confirmDelete(): void {
    this.isConfirmingDelete.set(false);
    this.isActionsOpen.set(false);
    this.act.emit({ kind: 'delete', messageId: this.message().id });
  }

  protected cancelDelete(): void {
    this.isConfirmingDelete.set(false);
  }

  protected togglePicker(): void {
    this.isPickerOpen.update((open) => !open);
  }

  protected closePicker(): void {
    this.isPickerOpen.set(false);
    this.reactButton()?.nativeElement.focus();
  }

  protected react(emoji: string): void {
    this.act.emit({ kind: 'react', messageId: this.message().id, emoji });
    if (this.isPickerOpen()) this.closePicker();
    this.isActionsOpen.set(false);
  }

  protected jump(seq: number): void {
    this.act.emit({ kind: 'jump', seq });
  }

  protected onEditKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.cancelEdit();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.save();
    }
  }

  protected save(): void {
    const body = this.editor()?.nativeElement.value ?? '';
    this.act.emit({ kind: 'save', messageId: this.message().id, body });
    focusComposer();
  }

  protected cancelEdit(): void {
    this.act.emit({ kind: 'cancel-edit' });
    focusComposer();
  }

  /** Escape closes the actions (and a delete not yet confirmed). */
  protected closeActions(): void {
    this.isConfirmingDelete.set(false);
    this.isActionsOpen.set(false);
  }

  protected onPointerDown(event: PointerEvent): void {
    if (event.pointerType !== 'touch') return;
    this.cancelLongPress();
    this.longPress = setTimeout(() => this.isActionsOpen.set(true), LONG_PRESS_MS);
  }

  protected cancelLongPress(): void {
    clearTimeout(this.longPress);
  }

  /** A tap or click elsewhere closes this message's open actions and picker. */
  protected onDocumentPointerDown(event: PointerEvent): void {
    if (this.host.nativeElement.contains(event.target as Node)) return;
    this.isActionsOpen.set(false);
    this.isPickerOpen.set(false);
    this.isConfirmingDelete.set(false);
  }
}

function focusComposer(): void {
  document.getElementById('composer-input')?.focus();
}
