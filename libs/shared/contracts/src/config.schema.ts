import { z } from 'zod';
import { DEFAULT_TOPIC_PREFIX } from './topics';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalUrl = z.preprocess(emptyAsUndefined, z.url().optional());

/**
 * Environment shared by the server and the pipeline worker. Adapters are chosen here; anything
 * an adapter needs is checked at start-up with a message that says what to set.
 */
export const PipelineEnvSchema = z
  .object({
    DATABASE_URL: optionalUrl,
    PIPELINE_DATABASE_URL: optionalUrl,
    DATA_DIR: z.string().default('.data'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    TOPIC_PREFIX: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, 'Use lower-case letters, digits, "_" or "-"').default(DEFAULT_TOPIC_PREFIX),
    EVENT_LOG: z.enum(['postgres', 'kafka']).default('postgres'),
    KAFKA_BROKERS: z.preprocess(emptyAsUndefined, z.string().optional()),
    KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(10).default(1),
    SEARCH: z.enum(['postgres', 'elasticsearch']).default('postgres'),
    ELASTICSEARCH_URL: optionalUrl,
    CAPTURE: z.enum(['builtin', 'debezium']).default('builtin'),
    VIEW: z.enum(['builtin', 'ksqldb']).default('builtin'),
    SLOT_NAME: z.string().regex(/^[a-z0-9_]{1,63}$/).default('dsm_slot'),
    WAL_WARN_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
    SMTP_URL: optionalUrl,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.EVENT_LOG === 'kafka' && !env.KAFKA_BROKERS) {
      ctx.addIssue({ code: 'custom', path: ['KAFKA_BROKERS'], message: 'EVENT_LOG=kafka needs KAFKA_BROKERS, e.g. KAFKA_BROKERS=localhost:9092' });
    }
    if (env.SEARCH === 'elasticsearch' && !env.ELASTICSEARCH_URL) {
      ctx.addIssue({ code: 'custom', path: ['ELASTICSEARCH_URL'], message: 'SEARCH=elasticsearch needs ELASTICSEARCH_URL, e.g. ELASTICSEARCH_URL=http://localhost:9200' });
    }
    if (env.CAPTURE === 'debezium' && env.EVENT_LOG !== 'kafka') {
      ctx.addIssue({ code: 'custom', path: ['CAPTURE'], message: 'CAPTURE=debezium runs on Kafka Connect: set EVENT_LOG=kafka and KAFKA_BROKERS' });
    }
    if (env.VIEW === 'ksqldb' && env.EVENT_LOG !== 'kafka') {
      ctx.addIssue({ code: 'custom', path: ['VIEW'], message: 'VIEW=ksqldb reads Kafka topics: set EVENT_LOG=kafka and KAFKA_BROKERS' });
    }
  });
export type PipelineEnv = z.infer<typeof PipelineEnvSchema>;

/** Turns a failed parse into one line per variable, for a start-up error that says what to fix. */
export function describeEnvErrors(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`).join('\n');
}
