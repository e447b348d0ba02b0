import path from 'node:path';

/** Seeded by the server from ADMIN_EMAIL / ADMIN_PASSWORD on first start. */
export const ADMIN = { email: 'e2e-admin@dsm.local', password: 'e2e-admin-password-1' };
/** Created by the setup project through the admin's user API. */
export const VIEWER = { email: 'e2e-viewer@dsm.local', password: 'e2e-viewer-password-1' };

export const AUTH_DIR = path.resolve(__dirname, '../../../../tmp/e2e-auth');
export const ADMIN_STATE = path.join(AUTH_DIR, 'admin.json');
export const VIEWER_STATE = path.join(AUTH_DIR, 'viewer.json');
