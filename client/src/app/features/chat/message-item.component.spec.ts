import { TestBed } from '@angular/core/testing';
import type { Message } from '../../core/api/api-types';
import { aMessage } from '../../testing/messages';
import { MessageAction, MessageItemComponent } from './message-item.component';

describe('MessageItemComponent', () => {
  async function render(message: Message, inputs: Record<string, unknown> = {}) {
    const fixture = TestBed.createComponent(MessageItemComponent);
    const actions: MessageAction[] = [];
    fixture.componentInstance.act.subscribe((a) => actions.push(a));
    fixture.componentRef.setInput('message', message);
    fixture.componentRef.setInput('myId', 'me');
    fixture.componentRef.setInput(
      'names',
      new Map([
        ['u1', 'alice'],
        ['u2', 'bob'],
      ]),
    );
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const tools = () =>
      [...element.querySelectorAll('.toolbar button')].map((b) => b.textContent.trim());
    return { fixture, element, actions, tools };
  }

  it('shows a deleted message as a tombstone, with no actions or reactions', async () => {
    const { element, tools } = await render(
      aMessage(1, { body: '', deletedAt: '2026-01-01T11:00:00.000Z', version: 2 }),
    );
    expect(element.querySelector('.body')!.textContent.trim()).toBe('This message was deleted');
    expect(element.classList).toContain('deleted');
    expect(tools()).toEqual([]);
    expect(element.querySelector('.reactions')).toBeNull();
  });

  it('marks an edited message, with the time in its title', async () => {
    const { element } = await render(
      aMessage(1, { body: 'fixed', editedAt: '2026-01-01T11:00:00.000Z', version: 1 }),
    );
    const edited = element.querySelector('.edited')!;
    expect(edited.textContent).toContain('(edited)');
    expect(edited.getAttribute('title')).toMatch(/^Edited Jan 1, 2026/);
  });

  it('opens the edit history from "(edited)" for the sender and moderators; others only see it', async () => {
    const edited = { body: 'fixed', editedAt: '2026-01-01T11:00:00.000Z', version: 1 };
    const me = { id: 'me', username: 'me', displayName: 'me', avatarUrl: null };
    for (const [message, inputs] of [
      [aMessage(1, { ...edited, sender: me }), {}],
      [aMessage(2, edited), { canModerate: true }],
    ] as const) {
      const { element, actions } = await render(message, inputs);
      const marker = element.querySelector<HTMLButtonElement>('button.edited')!;
      expect(marker.getAttribute('aria-haspopup')).toBe('dialog');
      expect(marker.title).toMatch(/^Edited Jan 1, 2026.*show the edit history$/);
      marker.click();
      expect(actions).toEqual([{ kind: 'revisions', messageId: message.id }]);
    }
    const { element } = await render(aMessage(3, edited));
    expect(element.querySelector('button.edited')).toBeNull();
    expect(element.querySelector('.edited')!.getAttribute('title')).toMatch(/^Edited Jan 1, 2026/);
  });

  it('shows user text as text, never as markup', async () => {
    const { element } = await render(aMessage(1, { body: '<img src=x onerror=alert(1)>' }));
    expect(element.querySelector('img')).toBeNull();
    expect(element.querySelector('.text')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('offers edit and delete on my messages, delete on others’ only to moderators', async () => {
    const mine = await render(
      aMessage(1, { sender: { id: 'me', username: 'me', displayName: 'me', avatarUrl: null } }),
    );
    expect(mine.tools()).toEqual(['↩ Reply', '☺ React', '✎ Edit', '✕ Delete']);
    const theirs = await render(aMessage(2));
    expect(theirs.tools()).toEqual(['↩ Reply', '☺ React']);
    const asAdmin = await render(aMessage(3), { canModerate: true });
    expect(asAdmin.tools()).toEqual(['↩ Reply', '☺ React', '✕ Delete']);
  });

  it('shows reactions as chips: pressed when mine, who reacted in the tooltip; a click toggles', async () => {
    const { element, actions } = await render(
      aMessage(1, {
        reactions: [
          { emoji: '👍', count: 2, userIds: ['u1', 'me'] },
          { emoji: '🎉', count: 3, userIds: ['u2', 'x', 'y'] },
        ],
      }),
    );
    const chips = [...element.querySelectorAll<HTMLButtonElement>('.chip')];
    expect(chips.map((c) => c.getAttribute('aria-pressed'))).toEqual(['true', 'false']);
    expect(chips.map((c) => c.title)).toEqual([
      'alice and you reacted with 👍',
      'bob and 2 others reacted with 🎉',
    ]);
    chips[1].click();
    expect(actions).toEqual([{ kind: 'react', messageId: 'm1', emoji: '🎉' }]);
  });

  it('deletes only after a confirmation', async () => {
    const { fixture, element, actions } = await render(
      aMessage(1, { sender: { id: 'me', username: 'me', displayName: 'me', avatarUrl: null } }),
    );
    const button = (text: string) =>
      [...element.querySelectorAll<HTMLButtonElement>('.toolbar button')].find((b) =>
        b.textContent.includes(text),
      )!;
    button('Delete').click();
    await fixture.whenStable();
    expect(actions).toEqual([]);
    expect(element.textContent).toContain('Delete this message?');
    button('Delete').click();
    expect(actions).toEqual([{ kind: 'delete', messageId: 'm1' }]);
  });

  it('quotes the message it answers; clicking the quote jumps to it', async () => {
    const { element, actions } = await render(
      aMessage(5, {
        replyTo: {
          id: 'm1',
          seq: 1,
          sender: { id: 'u2', username: 'bob', displayName: 'bob', avatarUrl: null },
          body: 'lunch?',
          deletedAt: null,
        },
      }),
    );
    const quote = element.querySelector<HTMLButtonElement>('.quote')!;
    expect(quote.textContent.replace(/\s+/g, ' ').trim()).toBe('In reply to bob: lunch? (show it)');
    quote.click();
    expect(actions).toEqual([{ kind: 'jump', seq: 1 }]);
  });

  it('edits in place: Enter saves, Escape cancels', async () => {
    const { fixture, element, actions } = await render(
      aMessage(1, { sender: { id: 'me', username: 'me', displayName: 'me', avatarUrl: null } }),
      { isEditing: true },
    );
    await fixture.whenStable();
    const editor = element.querySelector('textarea')!;
    expect(editor.value).toBe('body 1');
    editor.value = 'body one';
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(actions).toEqual([
      { kind: 'save', messageId: 'm1', body: 'body one' },
      { kind: 'cancel-edit' },
    ]);
  });
});
