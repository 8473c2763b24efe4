import { Layout } from './layout.js';

/** The sign-in form: a review (or admin) API key, kept afterwards in an HttpOnly cookie. */
export const LoginPage = (props: { error?: string; next: string }) => (
  <Layout title="Sign in" page="login">
    <div class="card login">
      <h1>Sign in to review</h1>
      <p class="muted">Paste a review (or admin) API key of your project. It is kept in an HttpOnly cookie.</p>
      {props.error && (
        <p class="banner bad" role="alert" id="login-error">
          {props.error}
        </p>
      )}
      <form method="post" action="/login">
        <input type="hidden" name="next" value={props.next} />
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" placeholder="evl_…" required autofocus />
        <p>
          <button class="primary" type="submit">
            Sign in
          </button>
        </p>
      </form>
    </div>
  </Layout>
);
