import { TestBed } from '@angular/core/testing';
import { AvatarComponent, colourOf, initialsOf } from './avatar.component';

describe('AvatarComponent', () => {
  it('shows the picture when there is one, else initials on a colour from the id', async () => {
    const fixture = TestBed.createComponent(AvatarComponent);
    fixture.componentRef.setInput('user', {
      id: 'u1',
      username: 'alice',
      displayName: 'Alice Liddell',
      avatarUrl: null,
    });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.textContent?.trim()).toBe('AL');
    expect(element.style.background).not.toBe('');

    fixture.componentRef.setInput('user', {
      id: 'u1',
      username: 'alice',
      avatarUrl: '/api/users/u1/avatar?v=v1&expires=1800000000&sig=s',
    });
    await fixture.whenStable();
    expect(element.querySelector('img')?.getAttribute('src')).toBe(
      '/api/users/u1/avatar?v=v1&expires=1800000000&sig=s',
    );
  });

  it('falls back to initials when the image does not load (an expired signed URL), until a new URL comes', async () => {
    const fixture = TestBed.createComponent(AvatarComponent);
    const expired = '/api/users/u1/avatar?v=v1&expires=1000&sig=s';
    fixture.componentRef.setInput('user', { id: 'u1', username: 'alice', avatarUrl: expired });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    element.querySelector('img')!.dispatchEvent(new Event('error'));
    await fixture.whenStable();
    expect(element.querySelector('img')).toBeNull();
    expect(element.textContent?.trim()).toBe('A');
    expect(element.style.background).not.toBe('');

    const fresh = '/api/users/u1/avatar?v=v1&expires=1800000000&sig=t';
    fixture.componentRef.setInput('user', { id: 'u1', username: 'alice', avatarUrl: fresh });
    await fixture.whenStable();
    expect(element.querySelector('img')?.getAttribute('src')).toBe(fresh);
  });

  it('derives initials by code point and a stable colour per id', () => {
    expect(initialsOf('bob')).toBe('B');
    expect(initialsOf('😀 party time')).toBe('😀P');
    expect(initialsOf('   ')).toBe('?');
    expect(colourOf('u1')).toBe(colourOf('u1'));
    expect(colourOf('u1')).not.toBe(colourOf('u2'));
  });
});
