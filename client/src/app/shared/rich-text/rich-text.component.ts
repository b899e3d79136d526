import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { parseMarkdown } from './markdown';
import { BodyPart, MentionRef, mentionParts } from './mention-parts';

/**
 * A message body as formatted text. Rendered from the parsed tree (markdown.ts) through
 * templates only: every piece of user text is interpolated, links are http(s) hrefs that
 * Angular sanitizes again, and nothing is ever bound as HTML.
 */
@Component({
  selector: 'app-rich-text',
  imports: [NgTemplateOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // One plain paragraph flows inline, so what follows it (the "edited" mark) stays on its line.
  host: { '[class.inline]': 'isInline()' },
  template: `
    <ng-template #blocksTpl let-blocks>
      @for (block of blocks; track $index) {
        @switch (block.kind) {
          @case ('paragraph') {
            <p>
              <ng-container
                *ngTemplateOutlet="inlinesTpl; context: { $implicit: block.children }"
              />
            </p>
          }
          @case ('code') {
            <div class="code-block">
              <pre><code [attr.data-language]="block.language || null">{{ block.text }}</code></pre>
              <button type="button" class="copy" (click)="copy(block.text, $index)">
                {{ copied() === $index ? 'Copied' : 'Copy' }}
                <span class="visually-hidden"> code</span>
              </button>
            </div>
          }
          @case ('quote') {
            <blockquote>
              <ng-container *ngTemplateOutlet="blocksTpl; context: { $implicit: block.children }" />
            </blockquote>
          }
          @case ('list') {
            @if (block.ordered) {
              <ol [attr.start]="block.start === 1 ? null : block.start">
                @for (item of block.items; track $index) {
                  <li>
                    <ng-container *ngTemplateOutlet="inlinesTpl; context: { $implicit: item }" />
                  </li>
                }
              </ol>
            } @else {
              <ul>
                @for (item of block.items; track $index) {
                  <li>
                    <ng-container *ngTemplateOutlet="inlinesTpl; context: { $implicit: item }" />
                  </li>
                }
              </ul>
            }
          }
        }
      }
    </ng-template>

    <ng-template #inlinesTpl let-nodes>
      @for (node of nodes; track $index) {
        @switch (node.kind) {
          @case ('text') {
            @for (part of partsOf(node.text); track $index) {
              @if (part.isMention) {
                <span class="mention" [class.me]="part.isMe">{{ part.text }}</span>
              } @else {
                <ng-container>{{ part.text }}</ng-container>
              }
            }
          }
          @case ('br') {
            <br />
          }
          @case ('code') {
            <code>{{ node.text }}</code>
          }
          @case ('link') {
            <a [href]="node.href" target="_blank" rel="noopener noreferrer nofollow">{{
              node.text
            }}</a>
          }
          @case ('strong') {
            <strong
              ><ng-container *ngTemplateOutlet="inlinesTpl; context: { $implicit: node.children }"
            /></strong>
          }
          @case ('em') {
            <em
              ><ng-container *ngTemplateOutlet="inlinesTpl; context: { $implicit: node.children }"
            /></em>
          }
          @case ('del') {
            <del
              ><ng-container *ngTemplateOutlet="inlinesTpl; context: { $implicit: node.children }"
            /></del>
          }
        }
      }
    </ng-template>

    <ng-container *ngTemplateOutlet="blocksTpl; context: { $implicit: blocks() }" />
  `,
  styles: `
    :host {
      display: block;
      overflow-wrap: anywhere;
    }
    :host(.inline),
    :host(.inline) p {
      display: inline;
    }
    p,
    ul,
    ol,
    blockquote,
    .code-block {
      margin: 0 0 0.25rem;
    }
    :host > :last-child,
    p:last-child {
      margin-bottom: 0;
    }
    ul,
    ol {
      padding-left: 1.5rem;
    }
    blockquote {
      border-left: 3px solid var(--border, #ccc);
      padding-left: 0.6rem;
      color: var(--muted, inherit);
    }
    code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.9em;
      background: var(--code-bg, rgba(127, 127, 127, 0.15));
      border-radius: 3px;
      padding: 0 0.2em;
    }
    .code-block {
      position: relative;
    }
    pre {
      margin: 0;
      padding: 0.5rem 0.75rem;
      overflow-x: auto;
      background: var(--code-bg, rgba(127, 127, 127, 0.15));
      border-radius: 4px;
      white-space: pre;
    }
    pre code {
      background: none;
      padding: 0;
    }
    .copy {
      position: absolute;
      top: 0.25rem;
      right: 0.25rem;
      font-size: 0.75rem;
    }
    a {
      color: var(--link, inherit);
      text-decoration: underline;
    }
    .mention {
      color: var(--accent);
      font-weight: 600;
    }
    .mention.me {
      background: var(--accent-soft);
      border-radius: 4px;
      padding: 0 0.15rem;
    }
  `,
})
export class RichTextComponent {
  readonly text = input.required<string>();
  /** The members the message mentions (the server decided who): set apart where they stand. */
  readonly mentions = input<readonly MentionRef[]>([]);
  /** The reader, whose own mentions stand out more. */
  readonly myId = input<string | undefined>(undefined);
  protected readonly blocks = computed(() => parseMarkdown(this.text()));
  protected readonly isInline = computed(() => {
    const blocks = this.blocks();
    return blocks.length === 1 && blocks[0].kind === 'paragraph';
  });
  /** Index of the code block whose copy button was just used. */
  protected readonly copied = signal<number | null>(null);

  protected partsOf(text: string): BodyPart[] {
    return mentionParts(text, this.mentions(), this.myId());
  }

  protected copy(text: string, index: number): void {
    void navigator.clipboard?.writeText(text).then(() => {
      this.copied.set(index);
      setTimeout(() => this.copied.set(null), 1500);
    });
  }
}
