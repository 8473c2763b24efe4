import { describe, expect, it } from 'vitest';
import { Documents } from '../web/messages.js';

describe('retrieved documents on the trace page', () => {
  it('shows the title and source lifted from metadata, so a cited title can be checked by eye', async () => {
    const html = String(
      await Documents({
        docs: [
          {
            id: 'doc-7',
            content: 'Refunds take 5 days.',
            score: 0.83,
            metadata: { title: 'Refund policy' },
            title: 'Refund policy',
            source: 'policies/refunds.md',
          },
          { id: 'kb-2', content: 'Shipping is free.', score: null, metadata: null },
        ],
      }),
    );
    expect(html).toContain('[1] Refund policy');
    expect(html).toContain('policies/refunds.md');
    expect(html).toContain('doc-7');
    // Without a title the id is shown, as before.
    expect(html).toContain('document kb-2');
  });
});
