import { createHash } from 'node:crypto';
import { clientScript } from './client-script.js';
import { formsScript } from './evaluator-forms.js';
import { gateScript } from './gate-actions.js';
import { keysScript } from './keys-page.js';

/**
 * Every inline script the pages may contain. A page's `<script>` runs only if its exact text is
 * listed here (the CSP allows these hashes and nothing else): add a new inline script to this list.
 */
export const inlineScripts: readonly string[] = [clientScript, formsScript, keysScript, gateScript];

const hashOf = (script: string) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;

/**
 * The pages' Content-Security-Policy: scripts only by hash (no `unsafe-inline`, no `eval`), no
 * plugins or foreign resources, no framing, forms and fetches to this origin only. Inline styles
 * (the one stylesheet and `style` attributes) stay allowed: they cannot run code.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  `script-src ${inlineScripts.map(hashOf).join(' ')}`,
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
