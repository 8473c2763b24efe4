import { OtlpDecodeError } from './errors.js';
import { ProtobufReader } from './protobuf-reader.js';

/**
 * What a message decoder knows about its fields, by field number: the lowerCamelCase name (for error
 * paths), the expected wire type (to reject a known field sent with the wrong one) and whether it
 * is repeated (for the `[index]` in error paths).
 */
export interface MessageSchema {
  readonly names: readonly (string | undefined)[];
  readonly wire: readonly (number | undefined)[];
  readonly repeated: readonly boolean[];
}

/** Builds a {@link MessageSchema} from `[fieldNumber, name, wireType, repeated?]` rows. */
export function defineMessage(fields: readonly (readonly [number, string, number, boolean?])[]): MessageSchema {
  const names: (string | undefined)[] = [];
  const wire: (number | undefined)[] = [];
  const repeated: boolean[] = [];
  for (const [field, name, wireType, isRepeated] of fields) {
    names[field] = name;
    wire[field] = wireType;
    repeated[field] = isRepeated === true;
  }
  return { names, wire, repeated };
}

/**
 * Adds the path segment of the field that failed to an error thrown while decoding a message that
 * starts at `messageStart`, the failing field's tag being at `fieldStart`. Runs only on failure: it
 * re-reads the (already validated) fields before `fieldStart` to find a repeated field's index.
 */
export function annotateError(
  err: unknown,
  buf: Uint8Array,
  schema: MessageSchema,
  messageStart: number,
  fieldStart: number,
): unknown {
  if (!(err instanceof OtlpDecodeError)) return err;
  const r = new ProtobufReader(buf);
  r.pos = fieldStart;
  let tag: number;
  try {
    tag = r.uint32(buf.length);
  } catch {
    return err;
  }
  const field = tag >>> 3;
  const name = schema.names[field];
  if (name === undefined) return err.prependPath(err.path === '' ? `field ${field}` : '');
  if (!schema.repeated[field]) return err.prependPath(name);
  let index = 0;
  r.pos = messageStart;
  try {
    while (r.pos < fieldStart) {
      const t = r.uint32(fieldStart);
      if (t >>> 3 === field) index++;
      r.skipField(t, fieldStart, EMPTY_SCHEMA);
    }
  } catch {
    return err.prependPath(name);
  }
  return err.prependPath(`${name}[${index}]`);
}

const EMPTY_SCHEMA = defineMessage([]);
