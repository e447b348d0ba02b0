import { z } from 'zod';
import { IdSchema } from '@dsm/contracts';

export const IdParamSchema = z.object({ id: IdSchema });
export const AttemptParamSchema = z.object({ id: IdSchema, number: z.coerce.number().int().min(1).max(10_000) });
