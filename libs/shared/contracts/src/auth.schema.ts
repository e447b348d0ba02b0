import { z } from 'zod';
import { IdSchema } from './common.schema';

/**
 * Roles and what they may do:
 *
 * | action                                   | viewer | dispatcher | operator | admin |
 * |------------------------------------------|:------:|:----------:|:--------:|:-----:|
 * | read domain data, search, audit, watch   |   ✓    |     ✓      |    ✓     |   ✓   |
 * | write domain data (orders, deliveries…)  |        |     ✓      |          |   ✓   |
 * | control the pipeline (reindex, replay…)  |        |            |    ✓     |   ✓   |
 * | manage users, preview notifications      |        |            |          |   ✓   |
 */
export const ROLES = ['viewer', 'dispatcher', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

export const PERMISSIONS = {
  read: ['viewer', 'dispatcher', 'operator', 'admin'],
  write: ['dispatcher', 'admin'],
  operate: ['operator', 'admin'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const LoginSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export type Login = z.infer<typeof LoginSchema>;

export const UserSchema = z.object({ id: IdSchema, email: z.string(), role: RoleSchema });
export type User = z.infer<typeof UserSchema>;

export const UserInputSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10, 'Use at least 10 characters').max(200),
  role: RoleSchema,
});
export type UserInput = z.infer<typeof UserInputSchema>;
