import type { CaughtMessage, MessageSummary } from './mailbox.schema';

/** Everything interpolated into the inbox pages goes through here. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #f6f7f9; }
  header { background: #263238; color: #fff; padding: 12px 20px; display: flex; gap: 16px; align-items: center; }
  header a { color: #fff; } main { padding: 16px 20px; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #e3e5e8; vertical-align: top; }
  th { font-weight: 600; background: #eceff1; } a { color: #1565c0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; background: #fff; padding: 12px; }
  dt { font-weight: 600; } pre { white-space: pre-wrap; background: #fff; padding: 12px; border: 1px solid #e3e5e8; }
  iframe { width: 100%; height: 480px; border: 1px solid #e3e5e8; background: #fff; }
  .empty { color: #607d8b; padding: 24px 0; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body>
<header><strong>Local inbox</strong><a href="/">All messages</a></header>
<main>${body}</main></body></html>`;
}

export function renderInboxList(messages: MessageSummary[]): string {
  if (messages.length === 0) {
    return layout('Local inbox', '<p class="empty">No e-mail yet. Messages sent to this SMTP server appear here.</p>');
  }
  const rows = messages
    .map(
      (m) => `<tr><td>${escapeHtml(new Date(m.receivedAt).toLocaleString('en-GB'))}</td>
<td>${escapeHtml(m.to.join(', '))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td>
<td>${escapeHtml(m.from)}</td></tr>`,
    )
    .join('\n');
  return layout(
    `Local inbox (${messages.length})`,
    `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>From</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function renderMessage(message: CaughtMessage): string {
  // The HTML body is shown in a sandboxed frame: no scripts, no access to the inbox page.
  const html = message.html
    ? `<h3>HTML</h3><iframe sandbox title="HTML body" srcdoc="${escapeHtml(message.html)}"></iframe>`
    : '';
  const text = message.text ? `<h3>Plain text</h3><pre>${escapeHtml(message.text)}</pre>` : '';
  const body = `<h2>${escapeHtml(message.subject || '(no subject)')}</h2>
<dl><dt>From</dt><dd>${escapeHtml(message.from)}</dd><dt>To</dt><dd>${escapeHtml(message.to.join(', '))}</dd>
<dt>Received</dt><dd>${escapeHtml(message.receivedAt)}</dd><dt>Message-ID</dt><dd>${escapeHtml(message.messageId ?? '')}</dd></dl>
${html}${text}<p><a href="/api/messages/${message.id}/raw">Raw message</a></p>`;
  return layout(message.subject || 'Message', body);
}
