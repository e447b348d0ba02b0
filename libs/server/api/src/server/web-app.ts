import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/**
 * The built Angular app: files as they are, and index.html for any other GET that asks for a
 * page, so deep links work. API and health routes are mounted earlier and never reach here.
 */
export function webAppMiddleware(webDir: string): Router {
  const index = path.join(webDir, 'index.html');
  const router = Router();
  if (!existsSync(index)) return router;
  return router.use(express.static(webDir, { index: false, maxAge: '1h' })).get(/.*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
