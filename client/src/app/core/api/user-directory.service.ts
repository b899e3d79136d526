import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { User } from './api-types';

/** `GET /api/users?q=`: people whose username starts with a prefix, for pickers. */
@Injectable({ providedIn: 'root' })
export class UserDirectoryService {
  private readonly http = inject(HttpClient);

  search(prefix: string, limit = 8): Promise<User[]> {
    return firstValueFrom(this.http.get<User[]>('/api/users', { params: { q: prefix, limit } }));
  }
}

/** How long typing must pause before the directory is asked. */
export const DIRECTORY_DEBOUNCE_MS = 200;

/**
 * A type-ahead over the directory: asks only once typing pauses, and only the answer to the
 * latest query counts (an older, slower one never overwrites it).
 */
export class DirectorySearch {
  private timer?: ReturnType<typeof setTimeout>;
  private latest = 0;

  constructor(
    private readonly directory: UserDirectoryService,
    private readonly onResults: (users: User[], query: string) => void,
    private readonly delayMs = DIRECTORY_DEBOUNCE_MS,
  ) {}

  query(text: string): void {
    clearTimeout(this.timer);
    const prefix = text.trim().replace(/^@/, '');
    const ticket = ++this.latest;
    if (prefix === '') return this.onResults([], prefix);
    this.timer = setTimeout(() => {
      this.directory.search(prefix).then(
        (users) => ticket === this.latest && this.onResults(users, prefix),
        () => ticket === this.latest && this.onResults([], prefix),
      );
    }, this.delayMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.latest++;
  }
}
