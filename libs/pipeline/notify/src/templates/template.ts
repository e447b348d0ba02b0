/** A rendered e-mail: every notification has a plain-text part and an HTML part. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Every value placed in HTML goes through here; the templates contain no unescaped input. */
export function escapeHtml(value: string | number): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function formatMoney(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export type Facts = ReadonlyArray<readonly [label: string, value: string | number]>;

/** Plain text: greeting, lead, a facts list, sign-off by the organization. */
export function textEmail(greetingName: string, lead: string, facts: Facts, organizationName: string): string {
  const lines = facts.map(([label, value]) => `  ${label}: ${value}`);
  return [`Hello ${greetingName},`, '', lead, '', ...lines, '', `Kind regards,`, organizationName, ''].join('\n');
}

/** HTML with inline styles only: mail clients strip <style> blocks and external assets. */
export function htmlEmail(title: string, greetingName: string, lead: string, facts: Facts, organizationName: string): string {
  const rows = facts
    .map(
      ([label, value]) =>
        `<tr><td style="padding:4px 12px 4px 0;color:#546e7a">${escapeHtml(label)}</td>` +
        `<td style="padding:4px 0;font-weight:600">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px;background:#f6f7f9;font-family:Arial,Helvetica,sans-serif;color:#1d1d1f">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>
<p>Hello ${escapeHtml(greetingName)},</p>
<p>${escapeHtml(lead)}</p>
<table style="border-collapse:collapse;margin:12px 0">${rows}</table>
<p style="margin-top:24px">Kind regards,<br>${escapeHtml(organizationName)}</p>
</div></body></html>`;
}

export function renderEmail(subject: string, greetingName: string, lead: string, facts: Facts, organizationName: string): RenderedEmail {
  return {
    subject,
    text: textEmail(greetingName, lead, facts, organizationName),
    html: htmlEmail(subject, greetingName, lead, facts, organizationName),
  };
}
