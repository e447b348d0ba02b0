import type { EventLog, OutgoingRecord, ProducedRecord } from '@dsm/eventlog';
import { z } from 'zod';

/**
 * `dsm produce`: puts one hand-written record on a topic, for tests and operators (a poisoned
 * record to exercise a dead-letter queue, a corrected record after a fix). The key and the value
 * are JSON, as every pipeline topic carries; `raw` sends the value text as it is, so a record
 * that is not JSON at all can be produced on purpose.
 */
export interface ProduceInput {
  topic: string;
  key: string;
  value: string;
  headers?: string[];
  raw?: boolean;
}

const jsonText = (what: string) =>
  z.string().transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      context.addIssue({ code: 'custom', message: `${what} is not JSON (${(error as Error).message}); quote strings, e.g. '"abc"'` });
      return z.NEVER;
    }
  });

// A JSON string key is the key itself ("900002" and 900002 both mean the record key 900002).
const KeySchema = jsonText('--key').transform((key) => (key === null ? null : typeof key === 'string' ? key : JSON.stringify(key)));
const ValueSchema = jsonText('--value').transform((value) => (value === null ? null : JSON.stringify(value)));
const HeaderSchema = z.string().regex(/^[^=\s]+=/, 'a header is name=value, e.g. --header eventType=order.created');

// The topic is checked against the log's topics when produced: a name no topic has is refused there.
const produceInputSchema = (value: z.ZodType<string | null, string>) =>
  z.object({ topic: z.string().min(1), key: KeySchema, value, headers: z.array(HeaderSchema).default([]) });

/** Validates the command's arguments into a record; throws a readable message listing each problem. */
export function parseProduceInput(input: ProduceInput): OutgoingRecord {
  const parsed = produceInputSchema(input.raw ? z.string() : ValueSchema).safeParse(input);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  const { topic, key, value, headers } = parsed.data;
  const entries = headers.map((header) => [header.slice(0, header.indexOf('=')), header.slice(header.indexOf('=') + 1)] as const);
  const duplicate = entries.find(([name], index) => entries.findIndex(([other]) => other === name) !== index);
  if (duplicate) throw new Error(`header "${duplicate[0]}" is given twice`);
  return { topic, key, value, headers: Object.fromEntries(entries) };
}

/** Produces the record to an existing topic (a typo must not create a new one). */
export async function produceRecord(log: EventLog, input: ProduceInput): Promise<ProducedRecord> {
  const record = parseProduceInput(input);
  const topics = (await log.listTopics()).map((topic) => topic.name);
  if (!topics.includes(record.topic)) throw new Error(`No topic "${record.topic}". Topics: ${topics.sort().join(', ')}`);
  const [produced] = await log.produce([record]);
  return produced;
}
