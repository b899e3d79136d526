import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  OnDestroy,
  untracked,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { AuthStore } from '../../core/auth/auth.store';
import { ChatStore } from './chat.store';
import { ComposerComponent } from './composer.component';
import { MessageListComponent } from './message-list.component';

@Component({
  selector: 'app-chat-room',
  imports: [RouterLink, MessageListComponent, ComposerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './chat-room.component.html',
  styleUrl: './chat-room.component.scss',
})
export class ChatRoomComponent implements OnDestroy {
  /** From the route, `/rooms/:roomId`. */
  readonly roomId = input.required<string>();

  protected readonly store = inject(ChatStore);
  protected readonly me = inject(AuthStore).user;
  private readonly title = inject(Title);

  protected readonly typingText = computed(() => {
    const names = this.store.typingUsers().map((u) => u.username);
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
      const name = this.store.room()?.name;
      if (name) this.title.setTitle(`${name} · Chat`);
    });
  }

  ngOnDestroy(): void {
    this.store.close();
  }
}
