import { Layout } from './layout.js';

/** A signed-in page's error (not found, gone): what happened and the way back. */
export const ErrorPage = ({ who, title, message }: { who?: string; title: string; message: string }) => (
  <Layout title={title} page="error" who={who}>
    <div class="card">
      <h1>{title}</h1>
      <p>{message}</p>
      <a href="/">Back to the queue</a>
    </div>
  </Layout>
);
