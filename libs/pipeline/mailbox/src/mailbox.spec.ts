import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMailbox, type Mailbox } from './mailbox';
import { CaughtMessageSchema, MessageListSchema } from './mailbox.schema';

describe('startMailbox (real SMTP server, real PostgreSQL)', () => {
  let database: TestDatabase;
  let mailbox: Mailbox;

  beforeAll(async () => {
    database = await createTestDatabase('mailbox');
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0, storage: { databaseUrl: database.url } });
  });
  afterAll(async () => {
    await mailbox?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await fetch(new URL('/api/messages', mailbox.inboxUrl), { method: 'DELETE' });
  });

  const send = (mail: nodemailer.SendMailOptions) => nodemailer.createTransport(mailbox.smtpUrl).sendMail(mail);
  const api = async (path: string) => fetch(new URL(path, mailbox.inboxUrl));

  it('catches a message sent over SMTP and serves it parsed through the JSON API', async () => {
    await send({
      from: 'Dispatch <dispatch@example.test>',
      to: 'ada@example.test',
      bcc: 'audit@example.test',
      subject: 'Your delivery',
      text: 'Plain body',
      html: '<p>HTML body</p>',
      messageId: '<fixed-id@example.test>',
    });

    const list = MessageListSchema.parse(await (await api('/api/messages')).json());
    expect(list.messages).toHaveLength(1);
    expect(list.messages[0].to.sort()).toEqual(['ada@example.test', 'audit@example.test']);
    const message = CaughtMessageSchema.parse(await (await api(`/api/messages/${list.messages[0].id}`)).json());
    expect(message).toMatchObject({
      subject: 'Your delivery',
      from: '"Dispatch" <dispatch@example.test>',
      messageId: '<fixed-id@example.test>',
      text: 'Plain body',
      html: '<p>HTML body</p>',
    });
  });

  it('keeps messages in the database, so a restarted mailbox still lists them', async () => {
    await send({ from: 'a@example.test', to: 'b@example.test', subject: 'Survives', text: 'x' });
    await mailbox.close();

    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0, storage: { databaseUrl: database.url } });

    const list = MessageListSchema.parse(await (await api('/api/messages')).json());
    expect(list.messages.map((m) => m.subject)).toEqual(['Survives']);
  });

  it('filters the list by recipient and deletes one message', async () => {
    await send({ from: 'a@example.test', to: 'one@example.test', subject: 'One', text: '1' });
    await send({ from: 'a@example.test', to: 'two@example.test', subject: 'Two', text: '2' });

    const filtered = MessageListSchema.parse(await (await api('/api/messages?to=TWO@example.test')).json());
    expect(filtered.messages.map((m) => m.subject)).toEqual(['Two']);

    const removed = await fetch(new URL(`/api/messages/${filtered.messages[0].id}`, mailbox.inboxUrl), { method: 'DELETE' });
    expect(removed.status).toBe(204);
    const rest = MessageListSchema.parse(await (await api('/api/messages')).json());
    expect(rest.messages.map((m) => m.subject)).toEqual(['One']);
  });

  it('renders the inbox and a message as HTML, escaping what the sender wrote', async () => {
    await send({ from: 'a@example.test', to: 'c@example.test', subject: '<script>alert(1)</script>', text: 'T & C', html: '<b>bold</b>' });
    const list = MessageListSchema.parse(await (await api('/api/messages')).json());

    const inbox = await api('/');
    const inboxHtml = await inbox.text();
    const page = await (await api(`/messages/${list.messages[0].id}`)).text();

    expect(inbox.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(inboxHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(inboxHtml).not.toContain('<script>');
    expect(page).toContain('T &amp; C');
    expect(page).toContain('srcdoc="&lt;b&gt;bold&lt;/b&gt;"');
  });

  it('says which port is taken and what to set when it cannot listen', async () => {
    const starting = startMailbox({ smtpPort: mailbox.smtpPort, httpPort: 0, storage: { databaseUrl: database.url } });

    await expect(starting).rejects.toThrow(`The SMTP catcher cannot listen on port ${mailbox.smtpPort}: it is in use`);
  });

  it('answers 404 for an unknown message and 400 for a malformed id', async () => {
    expect((await api('/api/messages/999999')).status).toBe(404);
    expect((await api('/api/messages/abc')).status).toBe(400);
  });
});
