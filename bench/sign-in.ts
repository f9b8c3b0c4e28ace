/** Signing in as a demo person over HTTP, for the bench and the profiler. */

/** Signs in at `base` as a demo person (the demo password) and returns the session cookie. */
export async function signInCookie(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const csrfCookie = page.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: token, email, password: 'walking-group-teapot' }).toString(),
  });
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('ts_session='));
  if (!session) {
    throw new Error(`Could not sign in as ${email}: ${response.status}`);
  }
  return session.split(';')[0] as string;
}
