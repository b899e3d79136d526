import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RevisionsDialogComponent } from './revisions-dialog.component';

/** The answer's promise settles, then the view shows it. */
async function settle(fixture: { whenStable(): Promise<unknown> }) {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await fixture.whenStable();
}

describe('RevisionsDialogComponent', () => {
  beforeAll(() => {
    // jsdom has no modal dialogs.
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.open = true;
    };
  });

  async function render(messageId: string) {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(RevisionsDialogComponent);
    fixture.componentRef.setInput('messageId', messageId);
    let closed = 0;
    fixture.componentInstance.closed.subscribe(() => closed++);
    await fixture.whenStable();
    const backend = TestBed.inject(HttpTestingController);
    return {
      fixture,
      backend,
      element: fixture.nativeElement as HTMLElement,
      closed: () => closed,
    };
  }

  it('lists every version, original first, with its time; text stays text', async () => {
    const { fixture, backend, element, closed } = await render('m1');
    backend.expectOne('/api/messages/m1/revisions').flush({
      revisions: [
        { body: 'helo <b>all</b>', editedAt: '2026-01-01T10:00:00.000Z' },
        { body: 'hello all', editedAt: '2026-01-01T10:01:00.000Z' },
        { body: 'hello everyone', editedAt: '2026-01-01T10:05:00.000Z' },
      ],
    });
    await settle(fixture);
    const items = [...element.querySelectorAll('.revisions li')];
    expect(items.map((li) => li.querySelector('strong')!.textContent)).toEqual([
      'Original',
      'Edit 1',
      'Current',
    ]);
    expect(items.map((li) => li.querySelector('.revision-body')!.textContent)).toEqual([
      'helo <b>all</b>',
      'hello all',
      'hello everyone',
    ]);
    expect(element.querySelector('b')).toBeNull();
    expect(items[0].querySelector('time')!.getAttribute('datetime')).toBe(
      '2026-01-01T10:00:00.000Z',
    );
    element.querySelector<HTMLButtonElement>('.actions button')!.click();
    expect(closed()).toBe(1);
  });

  it('says why when the server refuses', async () => {
    const { fixture, backend, element } = await render('m2');
    backend.expectOne('/api/messages/m2/revisions').flush(
      {
        statusCode: 403,
        message: 'Only the sender and the room’s owners and admins may see this',
        error: 'Forbidden',
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')!.textContent).toContain('Only the sender');
  });
});
