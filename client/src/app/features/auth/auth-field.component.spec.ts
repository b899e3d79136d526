import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl } from '@angular/forms';
import { AuthFieldComponent } from './auth-field.component';

@Component({
  imports: [AuthFieldComponent],
  template: `
    <app-auth-field
      label="Password"
      type="password"
      [control]="control"
      autocomplete="new-password"
      [hint]="hint()"
      [errors]="errors()"
    />
  `,
})
class HostComponent {
  readonly control = new FormControl('', { nonNullable: true });
  readonly hint = signal('');
  readonly errors = signal<string[] | undefined>(undefined);
}

describe('AuthFieldComponent', () => {
  function render() {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const input = element.querySelector('input')!;
    const describedBy = () =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .filter(Boolean)
        .map((id) => element.querySelector(`#${id}`)?.textContent);
    return { fixture, host: fixture.componentInstance, element, input, describedBy };
  }

  it('labels its input and writes what is typed into the control', () => {
    const { host, element, input } = render();
    expect(element.querySelector('label')?.htmlFor).toBe(input.id);
    expect(element.querySelector('label')?.textContent).toBe('Password');
    expect(input.type).toBe('password');
    expect(input.autocomplete).toBe('new-password');
    expect(input.required).toBe(true);

    input.value = 'secret words';
    input.dispatchEvent(new Event('input'));
    expect(host.control.value).toBe('secret words');
  });

  it('ties the hint and the server’s sentences to the input, and marks it invalid only then', async () => {
    const { fixture, host, input, describedBy } = render();
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(input.hasAttribute('aria-invalid')).toBe(false);

    host.hint.set('At least 8 characters');
    host.errors.set(['password is too short', 'password is too common']);
    await fixture.whenStable();
    expect(describedBy()).toEqual([
      'At least 8 characters',
      'password is too short password is too common',
    ]);
    expect(input.getAttribute('aria-invalid')).toBe('true');

    host.errors.set([]);
    await fixture.whenStable();
    expect(describedBy()).toEqual(['At least 8 characters']);
    expect(input.hasAttribute('aria-invalid')).toBe(false);
  });

  it('gives each field an id of its own', () => {
    const first = render();
    const second = render();
    expect(first.input.id).not.toBe(second.input.id);
  });
});
