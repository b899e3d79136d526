import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ComposerComponent } from './composer.component';

describe('ComposerComponent: emoji shortcodes', () => {
  async function render() {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(ComposerComponent);
    const sent: string[] = [];
    fixture.componentInstance.send.subscribe((text) => sent.push(text));
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const field = element.querySelector('textarea')!;
    /** Types `chars` one by one at the end, as the browser reports each keystroke. */
    const type = async (chars: string) => {
      for (const char of chars) {
        field.value += char;
        field.setSelectionRange(field.value.length, field.value.length);
        field.dispatchEvent(new InputEvent('input', { data: char, inputType: 'insertText' }));
      }
      await fixture.whenStable();
    };
    const press = async (key: string) => {
      field.dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true }));
      await fixture.whenStable();
    };
    const options = () =>
      [...element.querySelectorAll('[role="option"]')].map((o) => o.textContent.trim());
    return { field, type, press, options, sent };
  }

  it('lists matching shortcodes after a colon and two letters; Enter inserts the emoji', async () => {
    const { field, type, press, options } = await render();
    await type('nice :t');
    expect(options()).toEqual([]);
    await type('hu');
    expect(options()).toEqual(['👍 :thumbsup:', '👎 :thumbsdown:']);
    expect(field.getAttribute('aria-expanded')).toBe('true');
    expect(field.getAttribute('aria-activedescendant')).toBe('emoji-option-0');
    await press('ArrowDown');
    await press('Enter');
    expect(field.value).toBe('nice 👎');
    expect(options()).toEqual([]);
    expect(field.getAttribute('aria-expanded')).toBe('false');
  });

  it('Tab inserts too; Escape closes the list and leaves the text', async () => {
    const { field, type, press, options } = await render();
    await type(':rock');
    await press('Tab');
    expect(field.value).toBe('🚀');
    await type(' :fir');
    expect(options()).toEqual(['🔥 :fire:']);
    await press('Escape');
    expect(options()).toEqual([]);
    expect(field.value).toBe('🚀 :fir');
  });

  it('turns a whole :shortcode: into its emoji as the closing colon is typed', async () => {
    const { field, type, press, sent } = await render();
    await type('ship it :thumbsup:');
    expect(field.value).toBe('ship it 👍');
    await type(' :nope:');
    expect(field.value).toBe('ship it 👍 :nope:');
    await press('Enter');
    expect(sent).toEqual(['ship it 👍 :nope:']);
  });
});
