import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';

/** What an avatar needs of a user object (every one the server sends has it). */
export interface AvatarUser {
  id: string;
  username: string;
  displayName?: string;
  avatarUrl?: string | null;
}

/**
 * A user's picture, or their initials on a colour derived from their id (stable, and the same
 * on every screen). Decorative: the name is always shown beside it.
 */
@Component({
  selector: 'app-avatar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'aria-hidden': 'true',
    '[style.--avatar-size]': 'size() + "px"',
    '[style.background]': 'shownUrl() ? null : colour()',
  },
  template: `
    @if (shownUrl(); as url) {
      <img
        [src]="url"
        alt=""
        [width]="size()"
        [height]="size()"
        loading="lazy"
        (error)="failedUrl.set(url)"
      />
    } @else {
      <span>{{ initials() }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      flex: none;
      width: var(--avatar-size);
      height: var(--avatar-size);
      border-radius: 50%;
      overflow: hidden;
      color: #fff;
      font-size: calc(var(--avatar-size) * 0.4);
      font-weight: 600;
      line-height: 1;
      user-select: none;
    }
    img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
  `,
})
export class AvatarComponent {
  readonly user = input.required<AvatarUser>();
  readonly size = input(32);

  /**
   * An image that would not load: an avatar URL is signed and expires (an hour or more after
   * the user object came), and a user object kept that long may be drawn again after it has.
   * Initials then, until a fresher object brings a new URL.
   */
  protected readonly failedUrl = signal<string | null>(null);
  protected readonly shownUrl = computed(() => {
    const url = this.user().avatarUrl;
    return url && url !== this.failedUrl() ? url : null;
  });
  protected readonly initials = computed(() => initialsOf(displayNameOf(this.user())));
  protected readonly colour = computed(() => colourOf(this.user().id));
}

export function displayNameOf(user: { username: string; displayName?: string }): string {
  return user.displayName || user.username;
}

/** First letters of the first two words (by code point, so an emoji stays whole). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((word) => [...word][0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

/** A hue from the id's hash; saturation and lightness keep white text readable (WCAG AA). */
export function colourOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return `hsl(${hash % 360}, 55%, 30%)`;
}
