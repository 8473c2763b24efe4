import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { NavAlerts } from './alerts.js';
import { clientScript } from './client-script.js';
import { styles } from './styles.js';

export interface LayoutProps {
  title: string;
  /** Which keyboard map the client script uses. */
  page: 'login' | 'queue' | 'task' | 'error' | 'evaluators' | 'cycles' | 'trace' | 'gates' | 'keys';
  /** The nav bar entry to highlight (default: the page's own section). */
  section?: Section;
  /** The signed-in reviewer's name; absent on the login page. */
  who?: string;
  /** `data-*` attributes of <body> the client script reads (values are escaped by JSX). */
  data?: Record<string, string>;
  children?: Child;
}

type Section = 'queue' | 'evaluators' | 'cycles' | 'gates';

const nav: [Section, string, string][] = [
  ['queue', '/', 'Queue'],
  ['evaluators', '/evaluators', 'Evaluators'],
  ['cycles', '/cycles', 'Cycles'],
  ['gates', '/gates', 'Gates'],
];

const sectionOf: Record<LayoutProps['page'], Section | null> = {
  login: null,
  error: null,
  queue: 'queue',
  task: 'queue',
  evaluators: 'evaluators',
  cycles: 'cycles',
  trace: null,
  gates: 'gates',
  keys: null,
};

const shortcuts: Record<LayoutProps['page'], [string, string][]> = {
  login: [],
  error: [],
  evaluators: [],
  cycles: [],
  trace: [],
  gates: [],
  keys: [],
  queue: [
    ['j / ↓', 'next row'],
    ['k / ↑', 'previous row'],
    ['Enter', 'open the selected trace'],
    ['?', 'this help'],
  ],
  task: [
    ['1 – 9', 'mark / unmark a failure mode the trace shows'],
    ['0', 'no failure (clears the marks)'],
    ['[ / ]', 'graded modes: score −0.1 / +0.1'],
    ['c', 'write the critique'],
    ['Esc', 'leave a text field'],
    ['Enter', 'submit (Ctrl+Enter inside the critique)'],
    ['s', 'skip this trace'],
    ['n / p', 'next / previous task'],
    ['m', 'propose a new failure mode'],
    ['u', 'back to the queue'],
    ['?', 'this help'],
  ],
};

/** The page shell: one inline stylesheet, the header, the shortcut help and the inline client script. */
export const Layout = (props: LayoutProps) => {
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  const keys = shortcuts[props.page];
  const current = props.section ?? sectionOf[props.page];
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · evalloop`}</title>
          <style dangerouslySetInnerHTML={{ __html: styles }} />
        </head>
        <body data-page={props.page} {...data}>
          <header class="top">
            <a class="brand" href="/">
              evalloop
            </a>
            {props.who && (
              <nav class="nav" aria-label="sections">
                {nav.map(([section, href, label]) => (
                  <a
                    href={href}
                    class={section === current ? 'active' : undefined}
                    aria-current={section === current ? 'page' : undefined}
                  >
                    {label}
                  </a>
                ))}
              </nav>
            )}
            {props.who && <NavAlerts />}
            {keys.length > 0 && (
              <span class="muted small">
                press <kbd>?</kbd> for shortcuts
              </span>
            )}
            {props.who && (
              <span class="who">
                {props.who} ·{' '}
                <a href="/keys" style="text-decoration:underline">
                  keys
                </a>{' '}
                ·{' '}
                <form method="post" action="/logout" id="sign-out" style="display:inline">
                  <button
                    type="submit"
                    style="border:0;background:none;padding:0;color:var(--accent);cursor:pointer;font:inherit"
                  >
                    sign out
                  </button>
                </form>
              </span>
            )}
          </header>
          <main>{props.children}</main>
          {keys.length > 0 && (
            <dialog id="help">
              <h2>Keyboard shortcuts</h2>
              <table>
                <tbody>
                  {keys.map(([key, what]) => (
                    <tr>
                      <td>
                        <kbd>{key}</kbd>
                      </td>
                      <td>{what}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p class="muted small">Shortcuts are off while you type in a field (except Ctrl+Enter and Esc).</p>
              <form method="dialog">
                <button type="submit">Close</button>
              </form>
            </dialog>
          )}
          <script dangerouslySetInnerHTML={{ __html: clientScript }} />
        </body>
      </html>
    </>
  );
};
