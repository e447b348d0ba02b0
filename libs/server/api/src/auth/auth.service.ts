import { hashPassword, verifyPassword } from '@dsm/data';
import type { Login } from '@dsm/contracts';
import { AppError } from '../http/app-error';
import type { SessionUser } from '../http/auth.middleware';
import type { UserRepository } from '../users/user.repository';

export interface AuthService {
  /** The user for these credentials, or a 401 that does not say which part was wrong. */
  authenticate(login: Login): Promise<SessionUser>;
  findUser(id: number): Promise<SessionUser | undefined>;
}

export function createAuthService(users: UserRepository): AuthService {
  // An unknown e-mail costs the same scrypt work as a known one, so timing does not reveal accounts.
  let decoy: Promise<string> | undefined;
  return {
    async authenticate({ email, password }) {
      const user = await users.findByEmail(email);
      decoy ??= hashPassword('decoy password that never matches');
      const valid = await verifyPassword(password, user?.password_hash ?? (await decoy));
      if (!user || !valid) throw new AppError(401, 'invalid_credentials', 'Email or password is wrong');
      return { id: user.id, email: user.email, role: user.role };
    },
    async findUser(id) {
      const user = await users.find(id);
      return user && { id: user.id, email: user.email, role: user.role };
    },
  };
}
