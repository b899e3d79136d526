import { TestBed } from '@angular/core/testing';
import { RichTextComponent } from './rich-text.component';

describe('RichTextComponent', () => {
  async function render(text: string): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(RichTextComponent);
    fixture.componentRef.setInput('text', text);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('renders each construct as its element', async () => {
    const element = await render(
      '**b** *i* ~~s~~ `c` https://example.com\n\n> q\n\n- one\n- two\n\n2. x\n\n```\ncode\n```',
    );
    expect(element.querySelector('strong')?.textContent).toBe('b');
    expect(element.querySelector('em')?.textContent).toBe('i');
    expect(element.querySelector('del')?.textContent).toBe('s');
    expect(element.querySelector('p > code')?.textContent).toBe('c');
    expect(element.querySelector('blockquote')?.textContent?.trim()).toBe('q');
    expect([...element.querySelectorAll('ul > li')].map((li) => li.textContent?.trim())).toEqual([
      'one',
      'two',
    ]);
    expect(element.querySelector('ol')?.getAttribute('start')).toBe('2');
    expect(element.querySelector('pre code')?.textContent).toBe('code');
    expect(element.querySelector('.code-block button')?.textContent).toContain('Copy');
    const link = element.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.com/');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)></svg>',
    '[x](javascript:alert(1)) javascript:alert(1) data:text/html,<b>x</b>',
    '**<b onclick=alert(1)>x</b>** `<i>y</i>`',
  ])('shows %j as text: no element, handler or script link comes from it', async (source) => {
    const element = await render(source);
    expect(element.querySelectorAll('script, img, svg, iframe, b, i[onclick]')).toHaveLength(0);
    for (const node of element.querySelectorAll('*')) {
      for (const attribute of node.getAttributeNames()) expect(attribute).not.toMatch(/^on/);
    }
    for (const link of element.querySelectorAll('a')) {
      expect(link.getAttribute('href')).toMatch(/^https?:/);
    }
    expect(element.querySelectorAll('a')).toHaveLength(0);
    expect(element.textContent).toContain('alert(1)'.slice(0, 5));
  });
});
