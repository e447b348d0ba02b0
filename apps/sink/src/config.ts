import { PipelineEnvSchema, STAGES, describeEnvErrors, type Stage } from '@dsm/contracts';
import { z } from 'zod';

const WorkerEnvSchema = PipelineEnvSchema.and(
  z.object({
    /** Comma-separated subset of the stages; `--stages` on the command line wins. */
    STAGES: z.string().optional(),
    MAIL_FROM: z.string().default('"Delivery System Manager" <no-reply@dsm.local>'),
    MAILBOX_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
    MAILBOX_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(1080),
    /**
     * Capture back-pressure: change events (and pgoutput bytes) received from the slot but not yet
     * durable in the log; past either, the capture stops reading until the log catches up. Unset:
     * the capture's defaults; its own schema holds the bounds (above a produce batch).
     */
    CAPTURE_MAX_IN_FLIGHT_EVENTS: z.coerce.number().int().optional(),
    CAPTURE_MAX_IN_FLIGHT_BYTES: z.coerce.number().int().optional(),
  }),
);
export type WorkerConfig = z.infer<typeof WorkerEnvSchema> & { stages: Stage[] };

/** Parses the environment and `--stages a,b` once, failing fast with what to fix. */
export function loadWorkerConfig(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = WorkerEnvSchema.safeParse(env);
  if (!parsed.success) {
    console.error(`The pipeline worker cannot start:\n${describeEnvErrors(parsed.error)}`);
    process.exit(1);
  }
  const flag = argv.findIndex((arg) => arg === '--stages' || arg.startsWith('--stages='));
  const raw = flag < 0 ? parsed.data.STAGES : argv[flag].includes('=') ? argv[flag].split('=')[1] : argv[flag + 1];
  const stages = z.array(z.enum(STAGES)).min(1).safeParse(raw ? raw.split(',').map((s) => s.trim()) : [...STAGES]);
  if (!stages.success) {
    console.error(`--stages takes a comma-separated subset of: ${STAGES.join(', ')} (got "${raw}")`);
    process.exit(1);
  }
  return { ...parsed.data, stages: stages.data };
}
