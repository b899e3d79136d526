import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  OnDestroy,
  OnInit,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { Title } from '@angular/platform-browser';
import { AttentionStore } from '../../features/attention/attention.store';
import { AvatarComponent } from '../../shared/avatar.component';
import { RoomListComponent } from '../../features/rooms/room-list.component';
import { QuickSwitcherComponent } from '../../features/switcher/quick-switcher.component';
import { SearchBoxComponent } from '../../features/search/search-box.component';
import { RoomsStore } from '../../features/rooms/rooms.store';
import { AuthStore } from '../auth/auth.store';
import { ChatSocketService } from '../realtime/chat-socket.service';

/** The signed-in frame: header, room list, and the open room. Owns the socket's lifetime. */
@Component({
  selector: 'app-shell',
  imports: [
    AvatarComponent,
    RouterOutlet,
    RouterLink,
    RoomListComponent,
    QuickSwitcherComponent,
    SearchBoxComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent implements OnInit, OnDestroy {
  protected readonly auth = inject(AuthStore);
  protected readonly socket = inject(ChatSocketService);
  protected readonly rooms = inject(RoomsStore);
  private readonly router = inject(Router);
  private readonly attention = inject(AttentionStore);
  private readonly pageTitle = inject(Title);

  private readonly url = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.router.url),
    ),
    { initialValue: this.router.url },
  );
  /** On a phone only one pane shows: the list, or the open room (or the room browser). */
  protected readonly isRoomOpen = computed(() =>
    /^\/(rooms\/[^/]+|browse|profile)/.test(this.url()),
  );
  protected readonly statusText = computed(() => {
    switch (this.socket.status()) {
      case 'connected':
        return '';
      case 'reconnecting':
        return 'Reconnecting…';
      default:
        return 'Connecting…';
    }
  });

  private stopListening?: () => void;
  private stopAttention?: () => void;
  private stopProfileUpdates?: () => void;

  constructor() {
    // The socket is in every room the user is a member of, so each one's counts stay live.
    effect(() => this.socket.keepJoined(this.rooms.memberIds()));
    // An open room titles the tab itself (with the same count); elsewhere it is "(N) Chat".
    effect(() => {
      if (!/^\/rooms\/[^/]+/.test(this.url())) {
        this.pageTitle.setTitle(`${this.attention.titlePrefix()}Chat`);
      }
    });
  }

  ngOnInit(): void {
    this.socket.connect();
    this.stopListening = this.rooms.listen(this.socket);
    this.stopAttention = this.attention.listen(this.socket);
    // A name or avatar changed on another device shows in this header too.
    this.stopProfileUpdates = this.socket.on('user:updated', (user) => {
      const me = this.auth.user();
      if (me && user.id === me.id) this.auth.updateUser({ ...me, ...user });
    });
    void this.rooms.load();
  }

  ngOnDestroy(): void {
    this.stopListening?.();
    this.stopAttention?.();
    this.stopProfileUpdates?.();
    this.socket.disconnect();
  }

  protected logout(): void {
    void this.auth.logout();
  }
}
