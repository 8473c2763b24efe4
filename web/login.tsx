import { Layout } from './layout.js';

/** The sign-in form: a review (or admin) API key; the browser keeps only a session cookie. */
export const LoginPage = (props: { error?: string; next: string }) => (
  <Layout title="Sign in" page="login">
    <div class="card login">
      <h1>Sign in to review</h1>
      <p class="muted">
        Paste a review (or admin) API key of your project. The key is not stored in your browser: signing in opens a
        session that ends when you sign out, after a while without use, or when the key is revoked.
      </p>
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

/** Sign-out is a POST (a GET must not end a session): this page asks for it. */
export const LogoutPage = () => (
  <Layout title="Sign out" page="login">
    <div class="card login">
      <h1>Sign out</h1>
      <p class="muted">Signing out ends your session on the server.</p>
      <form method="post" action="/logout" id="logout-form">
        <button class="primary" type="submit">
          Sign out
        </button>
      </form>
    </div>
  </Layout>
);
