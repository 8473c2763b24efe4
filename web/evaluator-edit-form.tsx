import type { Child } from 'hono/jsx';
import type { DiffLine } from '../core/evaluators/config-diff.js';
import type { FormFields } from '../core/evaluators/config-form.js';
import type { EvaluatorVersionView } from '../db/evaluators.js';
import { FormError } from './operator-forms.js';

/** What the edit form shows after a preview or a refused save. */
export interface EditState {
  fields: FormFields;
  threshold: string;
  error?: string | null;
  diff?: DiffLine[] | null;
}

const FIELD_PATHS: [string, string][] = [
  ['output', 'the final answer'],
  ['input', 'the user input'],
  ['any_message', 'any message'],
  ['tool_arguments', 'tool arguments'],
  ['tool_results', 'tool results'],
];

const Field = ({ label, hint, children }: { label: string; hint?: string; children?: Child }) => (
  // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in (a wrapped input)
  <label class="field">
    <span class="small">
      {label}
      {hint && <span class="muted"> — {hint}</span>}
    </span>
    {children}
  </label>
);

const Select = ({ name, value, options }: { name: string; value: string; options: [string, string][] }) => (
  <select name={name}>
    {options.map(([v, label]) => (
      <option value={v} selected={v === value}>
        {label}
      </option>
    ))}
  </select>
);

const Check = ({ name, on, label }: { name: string; on: boolean; label: string }) => (
  <label class="small">
    <input type="checkbox" name={name} checked={on} /> {label}
  </label>
);

/** The labelled fields of one evaluator kind. */
const KindFields = ({ kind, f }: { kind: string; f: FormFields }) => {
  switch (kind) {
    case 'regex':
      return (
        <>
          <Field label="pattern" hint="regular expression, linear-time engine (no backreferences)">
            <input name="pattern" value={f.pattern ?? ''} class="mono" />
          </Field>
          <Field label="flags" hint="i, m, s, u">
            <input name="flags" value={f.flags ?? ''} class="mono" size={6} />
          </Field>
          <Field label="fails when the field">
            <Select
              name="mode"
              value={f.mode ?? ''}
              options={[
                ['must_not_match', 'matches (must not match)'],
                ['must_match', 'does not match (must match)'],
              ]}
            />
          </Field>
          <Field label="field">
            <Select name="field" value={f.field ?? ''} options={FIELD_PATHS} />
          </Field>
        </>
      );
    case 'banned_phrases':
      return (
        <>
          <Field label="phrases" hint="one per line; case-insensitive">
            <textarea name="phrases" rows={6}>
              {f.phrases ?? ''}
            </textarea>
          </Field>
          <Field label="field">
            <Select name="field" value={f.field ?? ''} options={FIELD_PATHS} />
          </Field>
        </>
      );
    case 'length':
      return (
        <>
          <Field label="unit">
            <Select
              name="unit"
              value={f.unit ?? ''}
              options={[
                ['chars', 'characters'],
                ['tokens', 'output tokens'],
              ]}
            />
          </Field>
          <Field label="max">
            <input name="max" value={f.max ?? ''} inputmode="numeric" />
          </Field>
          <Field label="min" hint="optional">
            <input name="min" value={f.min ?? ''} inputmode="numeric" />
          </Field>
          <Field
            label="summary pattern"
            hint="optional: over budget passes when the answer has a summary matching this"
          >
            <input name="summaryPattern" value={f.summaryPattern ?? ''} class="mono" />
          </Field>
        </>
      );
    case 'json_schema':
      return (
        <>
          <Field label="target">
            <Select
              name="target"
              value={f.target ?? ''}
              options={[
                ['output', 'the final answer (as JSON)'],
                ['tool_arguments', 'tool call arguments'],
              ]}
            />
          </Field>
          <Field label="tool" hint="optional: only this tool's arguments">
            <input name="tool" value={f.tool ?? ''} class="mono" />
          </Field>
          <Field label="JSON schema">
            <textarea name="schema" rows={10} class="mono" spellcheck={false}>
              {f.schema ?? ''}
            </textarea>
          </Field>
        </>
      );
    case 'tool_args':
      return (
        <>
          <Field label="expected tools" hint="one per line: input pattern => tool">
            <textarea name="expectations" rows={5} class="mono">
              {f.expectations ?? ''}
            </textarea>
          </Field>
          <Check
            name="rejectUnknownTools"
            on={f.rejectUnknownTools === 'on'}
            label="fail on calls to undeclared tools"
          />
        </>
      );
    case 'citation':
      return (
        <>
          <Field label="citation pattern" hint="optional: its first group is the citation key; default [n]">
            <input name="pattern" value={f.pattern ?? ''} class="mono" />
          </Field>
          <Check name="checkQuotes" on={f.checkQuotes === 'on'} label="quoted passages must appear in a document" />
          <Field label="words a quote needs to be checked" hint="optional">
            <input name="minQuoteWords" value={f.minQuoteWords ?? ''} inputmode="numeric" />
          </Field>
        </>
      );
    case 'judge':
      return (
        <>
          <Field label="rubric" hint="what the judge fails; few-shot examples are kept">
            <textarea name="rubric" rows={8}>
              {f.rubric ?? ''}
            </textarea>
          </Field>
          <Field label="model" hint="a pinned snapshot">
            <input name="model" value={f.model ?? ''} class="mono" />
          </Field>
          <Field label="provider">
            <input name="provider" value={f.provider ?? ''} class="mono" />
          </Field>
        </>
      );
    case 'composite':
      return (
        <>
          <Field label="passes when">
            <Select
              name="op"
              value={f.op ?? ''}
              options={[
                ['all', 'every child passes'],
                ['any', 'any child passes'],
              ]}
            />
          </Field>
          <Field label="children" hint="JSON list of evaluator configs">
            <textarea name="children" rows={10} class="mono" spellcheck={false}>
              {f.children ?? ''}
            </textarea>
          </Field>
        </>
      );
    default:
      return (
        <p class="small muted">
          A trained classifier's weights come from generation: generate again for its failure mode to retrain it. Only
          the threshold can be changed here.
        </p>
      );
  }
};

/** A line diff of two configs: removed lines red, added ones green. */
export const ConfigDiffView = ({ lines, title, id }: { lines: DiffLine[]; title: string; id: string }) => {
  const changed = lines.some((l) => l.op !== ' ');
  return (
    <section class="card" id={id}>
      <h2>{title}</h2>
      {changed ? (
        <pre class="code diff">
          {lines.map((l) => (
            <span class={l.op === '+' ? 'add' : l.op === '-' ? 'del' : ''} data-op={l.op}>
              {`${l.op} ${l.text}\n`}
            </span>
          ))}
        </pre>
      ) : (
        <p class="muted small">No change.</p>
      )}
    </section>
  );
};

/** Admins: edit this evaluator as a new version, with a field per setting of its kind; preview the diff, then save. */
export const EditEvaluatorForm = ({ version, state }: { version: EvaluatorVersionView; state: EditState }) => (
  <section class="card" id="edit-evaluator">
    <h2>Edit as a new version</h2>
    <p class="small muted">
      Saving calibrates the edited evaluator on all labels (frozen now) by the same protocol and publishes it as v
      {version.version + 1} with the status its agreement allows; this version stays as it is.
    </p>
    <form
      method="post"
      action={`/evaluators/${version.id}/edit#edit-evaluator`}
      class="edit-form"
      data-kind={version.kind}
    >
      <KindFields kind={version.kind} f={state.fields} />
      <Field label="threshold" hint="score ≥ threshold passes; empty: tuned in calibration">
        <input name="threshold" value={state.threshold} inputmode="decimal" />
      </Field>
      <div class="row">
        <button type="submit" name="action" value="preview">
          Preview diff
        </button>
        <button type="submit" name="action" value="save">
          Calibrate and publish
        </button>
      </div>
      <FormError error={state.error} />
    </form>
    {state.diff && <ConfigDiffView lines={state.diff} title={`Changes against v${version.version}`} id="edit-diff" />}
  </section>
);
