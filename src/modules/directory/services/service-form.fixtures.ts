import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { Agent } from '../../../../test/helpers/agent.ts';

// For tests: what a rendered form would send back, read from its HTML as a browser would
// (text inputs and textareas, the selected option of each select, checked radios and
// checkboxes), so a test can check that a form shown again kept what the person typed.

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The values a form in `html` holds, by field name (several for checkboxes); the CSRF token is left out. */
export function renderedFormValues(html: string): Record<string, string[]> {
  const form = html.slice(html.indexOf('<form'));
  const values: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    if (name !== '_csrf') {
      values[name] = [...(values[name] ?? []), unescapeHtml(value)];
    }
  };
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = /\sname="([^"]+)"/.exec(tag)?.[1];
    const checkable = /\stype="(radio|checkbox)"/.test(tag);
    if (name && (!checkable || /\schecked\b/.test(tag))) {
      add(name, /\svalue="([^"]*)"/.exec(tag)?.[1] ?? '');
    }
  }
  for (const match of form.matchAll(/<select\b[^>]*\sname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    add(match[1] as string, /<option value="([^"]*)"[^>]*\sselected/.exec(match[2] as string)?.[1] ?? '');
  }
  for (const match of form.matchAll(/<textarea\b[^>]*\sname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    add(match[1] as string, (match[2] as string).replace(/^\n/, ''));
  }
  return values;
}

/** Fails unless every submitted field is shown again in the form in `html` with the value the person gave. */
export function assertInputKept(html: string, submitted: Record<string, string>): void {
  const shown = renderedFormValues(html);
  for (const [name, value] of Object.entries(submitted)) {
    assert.ok(
      shown[name]?.includes(value),
      `${name}: submitted ${JSON.stringify(value)}, shown again as ${JSON.stringify(shown[name] ?? null)}`,
    );
  }
}

/**
 * Opens a form page, changes some of its fields (an array for several checkboxes) and submits
 * it as a browser would, with everything else as the page showed it.
 */
export async function submitFormWith(
  agent: Agent,
  url: string,
  changes: Record<string, string | string[]>,
): Promise<LightMyRequestResponse> {
  const page = await agent.get(url);
  assert.equal(page.statusCode, 200, `${url}: ${page.statusCode}`);
  const fields: Record<string, string[]> = { ...renderedFormValues(page.body) };
  for (const [name, value] of Object.entries(changes)) {
    fields[name] = Array.isArray(value) ? value : [value];
  }
  const body = new URLSearchParams();
  for (const [name, values] of Object.entries(fields)) {
    for (const value of values) {
      body.append(name, value);
    }
  }
  body.set('_csrf', await agent.csrfToken());
  return agent.request({
    method: 'POST',
    url,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}
