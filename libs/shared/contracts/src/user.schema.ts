import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.schema';
import { RoleSchema } from './auth.schema';

/** An admin changes a user's role or sets a new password; at least one of them. */
export const UserPatchSchema = z
  .strictObject({
    role: RoleSchema.optional(),
    password: z.string().min(10, 'Use at least 10 characters').max(200).optional(),
  })
  .refine((patch) => patch.role !== undefined || patch.password !== undefined, {
    message: 'Give a role or a password',
  });
export type UserPatch = z.infer<typeof UserPatchSchema>;

export const UserRecordSchema = z.object({
  id: IdSchema,
  email: z.string(),
  role: RoleSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type UserRecord = z.infer<typeof UserRecordSchema>;

/** What `GET /api/auth/me` and a successful login return. */
export const SessionInfoSchema = z.object({ user: z.object({ id: IdSchema, email: z.string(), role: RoleSchema }) });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
