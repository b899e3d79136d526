import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnDestroy,
  OnInit,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { AvatarComponent } from '../../shared/avatar.component';
import { RoomListComponent } from '../../features/rooms/room-list.component';
import { QuickSwitcherComponent } from '../../features/switcher/quick-switcher.component';
import { RoomsStore } from '../../features/rooms/rooms.store';
import { AuthStore } from '../auth/auth.store';
import { ChatSocketService } from '../realtime/chat-socket.service';

/** The signed-in frame: header, room list, and the open room. Owns the socket's lifetime. */
@Component({
  selector: 'app-shell',
  imports: [AvatarComponent, RouterOutlet, RouterLink, RoomListComponent, QuickSwitcherComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent implements OnInit, OnDestroy {
  protected readonly auth = inject(AuthStore);
  protected readonly socket = inject(ChatSocketService);
  protected readonly rooms = inject(RoomsStore);
  private readonly router = inject(Router);

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
  private stopProfileUpdates?: () => void;

  ngOnInit(): void {
    this.socket.connect();
    this.stopListening = this.rooms.listen(this.socket);
    // A name or avatar changed on another device shows in this header too.
    this.stopProfileUpdates = this.socket.on('user:updated', (user) => {
      const me = this.auth.user();
      if (me && user.id === me.id) this.auth.updateUser({ ...me, ...user });
    });
    void this.rooms.load();
  }

  ngOnDestroy(): void {
    this.stopListening?.();
    this.stopProfileUpdates?.();
    this.socket.disconnect();
  }

  protected logout(): void {
    void this.auth.logout();
  }
}
