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

  it('derives initials by code point and a stable colour per id', () => {
    expect(initialsOf('bob')).toBe('B');
    expect(initialsOf('😀 party time')).toBe('😀P');
    expect(initialsOf('   ')).toBe('?');
    expect(colourOf('u1')).toBe(colourOf('u1'));
    expect(colourOf('u1')).not.toBe(colourOf('u2'));
  });
});
