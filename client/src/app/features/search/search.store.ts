import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { AuthStore } from '../../core/auth/auth.store';
import { ChatStore } from '../chat/chat.store';
import { roomLabel } from '../rooms/room-sections';
import { RoomsStore } from '../rooms/rooms.store';
import { groupByRoom, parseBox, SearchPage, SearchResult } from './search-query';

/** Typing pauses this long before a search runs. */
const DEBOUNCE_MS = 250;
const PAGE_SIZE = 20;

type SearchState = 'empty' | 'loading' | 'ready' | 'error';

/**
 * The header's message search: the box's text, the results (grouped by room), and opening a
 * result in its room at that message.
 */
@Injectable({ providedIn: 'root' })
export class SearchStore {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly rooms = inject(RoomsStore);
  private readonly auth = inject(AuthStore);
  private readonly chat = inject(ChatStore);

  private readonly textSignal = signal('');
  private readonly stateSignal = signal<SearchState>('empty');
  private readonly resultList = signal<SearchResult[]>([]);
  private readonly cursor = signal<string | null>(null);
  private readonly errorSignal = signal('');
  private readonly loadingMore = signal(false);
  private readonly activeSignal = signal(-1);
  private readonly openSignal = signal(false);

  readonly text = this.textSignal.asReadonly();
  readonly state = this.stateSignal.asReadonly();
  readonly results = this.resultList.asReadonly();
  readonly groups = computed(() => groupByRoom(this.resultList()));
  readonly hasMore = computed(() => this.cursor() !== null);
  readonly isLoadingMore = this.loadingMore.asReadonly();
  readonly error = this.errorSignal.asReadonly();
  /** Index into results of the one Enter opens; -1 for none. */
  readonly active = this.activeSignal.asReadonly();
  readonly isOpen = this.openSignal.asReadonly();
  /** The box's text that the results shown answer ("" before any). */
  readonly answered = signal('');
  /** The results shown answer what the box says now (no search pending). */
  readonly isCurrent = computed(() => this.answered() === this.textSignal());

  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Answers to a search typed over since are dropped. */
  private generation = 0;

  open(): void {
    this.openSignal.set(true);
  }

  close(): void {
    this.openSignal.set(false);
  }

  setText(text: string): void {
    this.textSignal.set(text);
    this.openSignal.set(true);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  /** Searches for the box's text now (Enter, or Retry after an error). */
  async run(): Promise<void> {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    const text = this.textSignal();
    const { q, from, inRoom } = parseBox(text);
    this.activeSignal.set(-1);
    this.resultList.set([]);
    this.cursor.set(null);
    this.errorSignal.set('');
    if (q === '') {
      this.stateSignal.set('empty');
      this.answered.set(text);
      return;
    }
    let roomId: string | undefined;
    if (inRoom !== undefined) {
      roomId = this.roomNamed(inRoom);
      if (!roomId) {
        this.fail(`You are in no room called “${inRoom}”. Check the name after in:.`);
        this.answered.set(text);
        return;
      }
    }
    this.stateSignal.set('loading');
    try {
      const page = await this.fetch({ q, from, roomId });
      if (generation !== this.generation) return;
      this.resultList.set(page.results);
      this.cursor.set(page.nextCursor);
      this.activeSignal.set(page.results.length > 0 ? 0 : -1);
      this.stateSignal.set('ready');
      this.answered.set(text);
    } catch (error) {
      if (generation !== this.generation) return;
      this.fail(describe(error));
      this.answered.set(text);
    }
  }

  async loadMore(): Promise<void> {
    const before = this.cursor();
    if (before === null || this.loadingMore()) return;
    const generation = this.generation;
    const { q, from, inRoom } = parseBox(this.textSignal());
    const roomId = inRoom === undefined ? undefined : this.roomNamed(inRoom);
    this.loadingMore.set(true);
    try {
      const page = await this.fetch({ q, from, roomId, before });
      if (generation !== this.generation) return;
      this.resultList.update((list) => [...list, ...page.results]);
      this.cursor.set(page.nextCursor);
    } catch (error) {
      if (generation === this.generation) this.errorSignal.set(describe(error));
    } finally {
      this.loadingMore.set(false);
    }
  }

  move(step: number): void {
    const count = this.resultList().length;
    if (count === 0) return;
    this.activeSignal.update((index) => (index + step + count) % count);
  }

  /** Opens the room scrolled to this result (the active one by default). */
  async choose(result = this.resultList()[this.activeSignal()]): Promise<void> {
    if (!result) return;
    this.openSignal.set(false);
    const target = this.router.createUrlTree(['/rooms', result.room.id], {
      queryParams: { around: result.message.seq },
    });
    // The same result again: the route does not change, so the room is reopened here.
    if (this.router.url === this.router.serializeUrl(target)) {
      await this.chat.open(result.room.id, result.message.seq);
      return;
    }
    await this.router.navigateByUrl(target);
  }

  /** The room's name as the sidebar shows it (a direct room: its people). */
  label(room: SearchResult['room']): string {
    const known = this.rooms.find(room.id);
    if (known) return this.rooms.label(known);
    return room.kind === 'direct' ? 'Direct message' : room.name;
  }

  private fail(message: string): void {
    this.errorSignal.set(message);
    this.stateSignal.set('error');
  }

  /** A room the user is a member of, by its label: exact (any case), else the only prefix. */
  private roomNamed(name: string): string | undefined {
    const wanted = name.toLowerCase();
    const mine = this.rooms
      .rooms()
      .filter((room) => !!room.membership)
      .map((room) => ({ id: room.id, label: roomLabel(room, this.auth.user()?.id).toLowerCase() }));
    const exact = mine.find((room) => room.label === wanted);
    if (exact) return exact.id;
    const prefixed = mine.filter((room) => room.label.startsWith(wanted));
    return prefixed.length === 1 ? prefixed[0].id : undefined;
  }

  private fetch(query: {
    q: string;
    from?: string;
    roomId?: string;
    before?: string;
  }): Promise<SearchPage> {
    const params: Record<string, string | number> = { q: query.q, limit: PAGE_SIZE };
    if (query.from) params['from'] = query.from;
    if (query.roomId) params['roomId'] = query.roomId;
    if (query.before) params['before'] = query.before;
    return firstValueFrom(this.http.get<SearchPage>('/api/search', { params }));
  }
}

/** What went wrong, and what to do about it. */
function describe(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return 'Cannot reach the server. Check your connection and retry.';
    if (error.status === 429) return 'Too many searches at once. Wait a moment, then retry.';
    if (error.status === 400 || error.status === 404) {
      const message = (error.error as { message?: string | string[] } | null)?.message;
      const text = Array.isArray(message) ? message.join(' ') : message;
      if (text) return `${text}.`;
    }
  }
  return 'Search failed. Retry in a moment.';
}
