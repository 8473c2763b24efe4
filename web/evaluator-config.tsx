import type { Child } from 'hono/jsx';
import { DEFAULT_MIN_QUOTE_WORDS } from '../core/evaluators/citation.js';
import { fmt2 } from './eval-widgets.js';
import { Json, Text } from './widgets.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

const fieldHelp: Record<string, string> = {
  output: 'the final answer',
  input: 'the user input',
  any_message: 'any message',
  tool_arguments: 'tool arguments',
  tool_results: 'tool results',
};

const Item = ({ name, children }: { name: string; children?: Child }) => (
  <>
    <dt>{name}</dt>
    <dd>{children}</dd>
  </>
);

const Phrases = ({ phrases }: { phrases: unknown[] }) => (
  <div class="row" style="gap:4px">
    {phrases.map((p) => (
      <span class="badge mono">{text(p)}</span>
    ))}
  </div>
);

const FewShot = ({ examples }: { examples: unknown[] }) => {
  if (examples.length === 0) return <span class="muted">none</span>;
  return (
    <details>
      <summary class="small">
        {examples.length} labeled example{examples.length === 1 ? '' : 's'} from the training labels
      </summary>
      {examples.map((e) => {
        const x = obj(e);
        return (
          <div class="msg">
            <span class={`badge ${x.verdict === 'fail' ? 'bad' : 'good'}`}>{text(x.verdict)}</span>{' '}
            {x.critique ? <span class="small">{text(x.critique)}</span> : null}
            <h3>Input</h3>
            <Text text={text(x.input)} />
            <h3>Output</h3>
            <Text text={text(x.output)} />
          </div>
        );
      })}
    </details>
  );
};

/** What one evaluator config checks, per kind; a composite lists its children. */
export const ConfigSummary = ({ config }: { config: Obj }): Child => {
  const c = config;
  switch (c.kind) {
    case 'judge':
      return (
        <dl class="kv">
          <Item name="rubric">
            <Text text={text(c.rubric)} />
          </Item>
          <Item name="few-shot">
            <FewShot examples={list(c.fewShot)} />
          </Item>
        </dl>
      );
    case 'banned_phrases':
      return (
        <dl class="kv">
          <Item name="fails when">{fieldHelp[text(c.field)] ?? text(c.field)} contains one of</Item>
          <Item name="phrases">
            <Phrases phrases={list(c.phrases)} />
          </Item>
        </dl>
      );
    case 'regex':
      return (
        <dl class="kv">
          <Item name="fails when">
            {fieldHelp[text(c.field)] ?? text(c.field)} {c.mode === 'must_match' ? 'does not match' : 'matches'}
          </Item>
          <Item name="pattern">
            <code class="mono">
              /{text(c.pattern)}/{text(c.flags)}
            </code>
          </Item>
        </dl>
      );
    case 'length':
      return (
        <dl class="kv">
          <Item name="budget">
            {c.min !== undefined ? `${text(c.min)} – ` : 'at most '}
            {text(c.max)} {text(c.unit)}
          </Item>
          {c.summaryPattern ? (
            <Item name="over budget passes with a summary matching">
              <code class="mono">{text(c.summaryPattern)}</code>
            </Item>
          ) : null}
        </dl>
      );
    case 'tool_args':
      return (
        <dl class="kv">
          <Item name="unknown tools">{c.rejectUnknownTools === false ? 'allowed' : 'fail'}</Item>
          {list(c.expectations).map((e) => (
            <Item name="expects">
              <span class="mono">{text(obj(e).tool)}</span> when the input matches{' '}
              <code class="mono">{text(obj(e).inputPattern)}</code>
            </Item>
          ))}
        </dl>
      );
    case 'citation':
      return (
        <dl class="kv">
          <Item name="citation pattern">
            <code class="mono">{text(c.pattern ?? '\\[(\\d+)\\]')}</code>
          </Item>
          <Item name="quotes checked">
            {c.checkQuotes === false
              ? 'no'
              : `yes (≥ ${text(c.minQuoteWords ?? DEFAULT_MIN_QUOTE_WORDS)} words must appear in a document)`}
          </Item>
        </dl>
      );
    case 'json_schema':
      return (
        <dl class="kv">
          <Item name="target">
            {text(c.target)}
            {c.tool ? ` of ${text(c.tool)}` : ''}
          </Item>
          <Item name="schema">
            <Json value={c.schema} />
          </Item>
        </dl>
      );
    case 'classifier':
      return (
        <dl class="kv">
          <Item name="model">
            logistic regression, {text(c.dimensions)} hashed features, word n-grams {list(c.wordNgrams).join('–')}, char
            n-grams {list(c.charNgrams).join('–')}
            {c.singleClass ? `, trained on "${text(c.singleClass)}" labels only` : ''}
          </Item>
          <Item name="strongest features">
            <div class="row" style="gap:4px">
              {list(c.features).map((f) => {
                const x = obj(f);
                const w = Number(x.weight);
                return (
                  <span class={`badge mono ${w < 0 ? 'bad' : 'good'}`} title={`weight ${fmt2(w)}`}>
                    {text(x.name)} {w < 0 ? '→ fail' : '→ pass'}
                  </span>
                );
              })}
            </div>
          </Item>
        </dl>
      );
    case 'composite':
      return (
        <dl class="kv">
          <Item name="passes when">{c.op === 'any' ? 'any child passes' : 'every child passes'}</Item>
          {list(c.children).map((child) => (
            <Item name={text(obj(child).kind)}>
              <ConfigSummary config={obj(child)} />
            </Item>
          ))}
        </dl>
      );
    default:
      return <Json value={c} />;
  }
};
