// Offline capture for session records (progressive enhancement: without this file the record
// form posts as an ordinary form). A submission is kept on the phone first, then sent to the
// JSON API with its own idempotency key; if the network or the server is down it stays kept
// and is sent again when the phone is back online, on the next page load and every 30
// seconds. It leaves the phone only once the server has answered it (accepted or refused),
// and a retry always carries the same key, so nothing is lost and nothing is counted twice.
const QUEUE_KEY = 'thirdspace.session-records.v1';
const RETRY_MS = 30_000;
const SAVED_OFFLINE = 'Saved on this phone. It will be sent when you are back online.';
const COUNT_FIELDS = [
  'headCount',
  'newAttendees',
  'referredSelf',
  'referredReception',
  'referredGp',
  'referredLinkWorker',
  'peopleSupported',
];

const form = document.querySelector('form[data-session-record]');
const queueHolder = document.querySelector('[data-session-queue]');
const userId = (form ?? queueHolder)?.dataset.user ?? '';
let csrfToken = document.querySelector('input[name="_csrf"]')?.value ?? '';
let running = Promise.resolve(new Map());
let interactiveKey = null;

/** A random (version 4) UUID, also where crypto.randomUUID is missing. */
function newKey() {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function readQueue() {
  try {
    const items = JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]');
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

function writeQueue(items) {
  localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
}

/** This person's kept submissions, oldest first (another person's stay for them). */
function mine() {
  return readQueue()
    .filter((item) => item.userId === userId)
    .sort((a, b) => a.savedAt - b.savedAt);
}

function forget(key) {
  writeQueue(readQueue().filter((item) => item.key !== key));
}

// ---- Messages ----

/** The page's status banner (an NHS.UK notification banner), made when first needed. */
function statusBanner() {
  const announcer = document.querySelector('[data-session-record-announcer]');
  if (!announcer) {
    return null;
  }
  let banner = announcer.querySelector('.nhsuk-notification-banner');
  if (!banner) {
    banner = document.createElement('div');
    banner.className = 'nhsuk-notification-banner';
    banner.setAttribute('role', 'region');
    banner.setAttribute('aria-labelledby', 'session-record-status-title');
    banner.dataset.sessionRecordStatus = '';
    const header = document.createElement('div');
    header.className = 'nhsuk-notification-banner__header';
    const title = document.createElement('h2');
    title.className = 'nhsuk-notification-banner__title';
    title.id = 'session-record-status-title';
    header.append(title);
    const content = document.createElement('div');
    content.className = 'nhsuk-notification-banner__content';
    const message = document.createElement('p');
    message.className = 'nhsuk-notification-banner__heading';
    message.dataset.sessionRecordMessage = '';
    content.append(message);
    banner.append(header, content);
    announcer.append(banner);
  }
  return banner;
}

/** Shows a message in the page's status banner (announced politely). */
function showMessage(text, kind = 'important') {
  const banner = statusBanner();
  if (!banner) {
    return;
  }
  banner.classList.toggle('nhsuk-notification-banner--success', kind === 'success');
  banner.querySelector('.nhsuk-notification-banner__title').textContent = kind === 'success' ? 'Success' : 'Important';
  banner.querySelector('[data-session-record-message]').textContent = text;
}

function showWaiting() {
  const waiting = mine();
  if (form && waiting.some((item) => item.sessionId === form.dataset.sessionId)) {
    showMessage(SAVED_OFFLINE);
  } else if (waiting.length > 0) {
    showMessage(
      `${waiting.length === 1 ? '1 session record is' : `${waiting.length} session records are`} saved on this phone. ${waiting.length === 1 ? 'It' : 'They'} will be sent when you are back online.`,
    );
  }
}

// ---- Errors on the form, as the server would show them ----

function clearErrors() {
  document.querySelectorAll('.nhsuk-error-summary').forEach((summary) => {
    summary.remove();
  });
  document.querySelectorAll('.nhsuk-error-message').forEach((message) => {
    message.remove();
  });
  document.querySelectorAll('.nhsuk-form-group--error').forEach((group) => {
    group.classList.remove('nhsuk-form-group--error');
  });
  document.querySelectorAll('.nhsuk-input--error, .nhsuk-select--error, .nhsuk-textarea--error').forEach((field) => {
    field.classList.remove('nhsuk-input--error', 'nhsuk-select--error', 'nhsuk-textarea--error');
  });
}

/** The form field an error is about (a champion added in an "another champion" slot has no row). */
function fieldFor(name) {
  const direct = document.getElementById(name);
  if (direct) {
    return direct;
  }
  const championId = /^hours-(.+)$/.exec(name)?.[1];
  const slot = championId
    ? Array.from(form.querySelectorAll('select[name^="extraChampion-"]')).find((select) => select.value === championId)
    : null;
  return slot ?? null;
}

function showErrors(answer) {
  clearErrors();
  const summary = document.createElement('div');
  summary.className = 'nhsuk-error-summary';
  summary.setAttribute('aria-labelledby', 'error-summary-title');
  summary.setAttribute('role', 'alert');
  summary.tabIndex = -1;
  const title = document.createElement('h2');
  title.className = 'nhsuk-error-summary__title';
  title.id = 'error-summary-title';
  title.textContent = 'There is a problem';
  const body = document.createElement('div');
  body.className = 'nhsuk-error-summary__body';
  const list = document.createElement('ul');
  list.className = 'nhsuk-list nhsuk-error-summary__list';
  const errors = answer && typeof answer.errors === 'object' && answer.errors ? answer.errors : {};
  const entries = Object.entries(errors);
  if (entries.length === 0) {
    entries.push(['', (answer && answer.message) || 'Sorry, the session could not be recorded.']);
  }
  for (const [name, text] of entries) {
    const item = document.createElement('li');
    const field = name ? fieldFor(name) : null;
    if (field) {
      const link = document.createElement('a');
      link.href = `#${field.id}`;
      link.textContent = text;
      item.append(link);
      const message = document.createElement('span');
      message.className = 'nhsuk-error-message';
      message.id = `${field.id}-error`;
      const hidden = document.createElement('span');
      hidden.className = 'nhsuk-u-visually-hidden';
      hidden.textContent = 'Error:';
      message.append(hidden, ` ${text}`);
      field.closest('.nhsuk-form-group')?.classList.add('nhsuk-form-group--error');
      field.classList.add(
        field.tagName === 'SELECT'
          ? 'nhsuk-select--error'
          : field.tagName === 'TEXTAREA'
            ? 'nhsuk-textarea--error'
            : 'nhsuk-input--error',
      );
      field.setAttribute(
        'aria-describedby',
        [field.getAttribute('aria-describedby'), message.id].filter(Boolean).join(' '),
      );
      field.before(message);
      field.closest('details')?.setAttribute('open', '');
    } else {
      item.textContent = text;
    }
    list.append(item);
  }
  body.append(list);
  summary.append(title, body);
  form.before(summary);
  summary.focus();
}

// ---- The form's answers, to send and to show again ----

function bodyFromForm() {
  const data = new FormData(form);
  const text = (name) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  const champions = data
    .getAll('helped')
    .map((id) => ({ championId: String(id), hours: text(`hours-${id}`), minutes: text(`minutes-${id}`) }));
  for (let slot = 0; form.elements.namedItem(`extraChampion-${slot}`); slot += 1) {
    const id = text(`extraChampion-${slot}`);
    if (id) {
      champions.push({ championId: id, hours: text(`extraHours-${slot}`), minutes: text(`extraMinutes-${slot}`) });
    }
  }
  const body = {
    champions,
    incidentFlagged: data.get('incidentFlagged') === 'yes',
    recordedAt: new Date().toISOString(),
  };
  for (const name of COUNT_FIELDS) {
    if (form.elements.namedItem(name)) {
      body[name] = text(name);
    }
  }
  if (form.elements.namedItem('register')) {
    body.register = text('register')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  }
  return body;
}

function setValue(name, value) {
  const field = form.elements.namedItem(name);
  if (field && 'value' in field) {
    field.value = value ?? '';
  }
}

/** Puts a kept submission back into the form, so what is waiting is what the person sees. */
function fillForm(body) {
  for (const name of COUNT_FIELDS) {
    if (body[name] !== undefined) {
      setValue(name, String(body[name]));
    }
  }
  if (Array.isArray(body.register)) {
    setValue('register', body.register.join('\n'));
  }
  const incident = form.querySelector('input[name="incidentFlagged"]');
  if (incident) {
    incident.checked = Boolean(body.incidentFlagged);
  }
  const champions = Array.isArray(body.champions) ? body.champions : [];
  for (const box of form.querySelectorAll('input[name="helped"]')) {
    box.checked = champions.some((time) => time.championId === box.value);
    const panel = document.getElementById(box.getAttribute('aria-controls') ?? box.dataset.ariaControls ?? '');
    panel?.classList.toggle('nhsuk-checkboxes__conditional--hidden', !box.checked);
    box.setAttribute('aria-expanded', String(box.checked));
  }
  let slot = 0;
  for (const time of champions) {
    if (form.elements.namedItem(`hours-${time.championId}`)) {
      setValue(`hours-${time.championId}`, time.hours);
      setValue(`minutes-${time.championId}`, time.minutes);
    } else if (form.elements.namedItem(`extraChampion-${slot}`)) {
      setValue(`extraChampion-${slot}`, time.championId);
      setValue(`extraHours-${slot}`, time.hours);
      setValue(`extraMinutes-${slot}`, time.minutes);
      form.elements.namedItem(`extraChampion-${slot}`).closest('details')?.setAttribute('open', '');
      slot += 1;
    }
  }
}

// ---- Sending ----

async function freshCsrfToken() {
  try {
    const response = await fetch('/api/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    return response.ok ? ((await response.json()).csrfToken ?? null) : null;
  } catch {
    return null;
  }
}

function post(item) {
  return fetch(`/api/sessions/${item.sessionId}/record`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'idempotency-key': item.key,
      'x-csrf-token': csrfToken,
    },
    body: JSON.stringify(item.body),
  });
}

async function answerOf(response) {
  try {
    return await response.json();
  } catch {
    return {};
  }
}

/** Sends one kept submission: 'keep' it (offline, server trouble, signed out) or it is 'done'. */
async function send(item) {
  let response;
  try {
    response = await post(item);
    if (response.status === 403) {
      const answer = await answerOf(response.clone());
      const token = answer.code === 'csrf_failed' ? await freshCsrfToken() : null;
      if (token) {
        csrfToken = token;
        response = await post(item);
      }
    }
  } catch {
    return { state: 'keep' };
  }
  const answer = await answerOf(response);
  if (response.status >= 500 || response.status === 401 || answer.code === 'csrf_failed') {
    return { state: 'keep', signedOut: response.status === 401 };
  }
  return { state: 'done', ok: response.ok, answer };
}

function announce(item, outcome) {
  if (outcome.ok) {
    showMessage(
      outcome.answer.applied
        ? `Sent: your record of ${item.name} has been saved.`
        : `Sent: a later record of ${item.name} had already been saved, so this one was kept but not used.`,
      'success',
    );
  } else if (form && form.dataset.sessionId === item.sessionId) {
    showErrors(outcome.answer);
    showMessage(`Your record of ${item.name} could not be saved. Check the answers below and save it again.`);
  } else {
    showMessage(
      `Your record of ${item.name} could not be saved: ${outcome.answer.message ?? 'there is a problem'}. Open the session and record it again.`,
    );
  }
}

async function flushOnce() {
  const outcomes = new Map();
  if (!navigator.onLine) {
    return outcomes;
  }
  for (const item of mine()) {
    const outcome = await send(item);
    outcomes.set(item.key, outcome);
    if (outcome.state === 'keep') {
      if (outcome.signedOut) {
        showMessage('Saved on this phone. Sign in again and it will be sent.');
      }
      break;
    }
    forget(item.key);
    if (item.key !== interactiveKey) {
      announce(item, outcome);
    }
  }
  return outcomes;
}

/** Sends what is kept, one batch at a time (a second call waits for the first). */
function flush() {
  running = running.then(flushOnce, flushOnce);
  return running;
}

async function onSubmit(event) {
  event.preventDefault();
  const button = form.querySelector('button[type="submit"], button:not([type])');
  if (button?.disabled) {
    return;
  }
  clearErrors();
  const item = {
    key: newKey(),
    sessionId: form.dataset.sessionId,
    userId,
    name: form.dataset.sessionName,
    body: bodyFromForm(),
    savedAt: Date.now(),
  };
  try {
    writeQueue([...readQueue(), item]);
  } catch {
    // Storage is full or blocked: send the form the ordinary way instead.
    form.submit();
    return;
  }
  interactiveKey = item.key;
  if (button) {
    button.disabled = true;
  }
  const outcome = (await flush()).get(item.key);
  interactiveKey = null;
  if (button) {
    button.disabled = false;
  }
  if (!outcome || outcome.state === 'keep') {
    showMessage(outcome?.signedOut ? 'Saved on this phone. Sign in again and it will be sent.' : SAVED_OFFLINE);
    return;
  }
  if (outcome.ok) {
    window.location.assign(`${form.dataset.doneUrl}?done=${outcome.answer.applied ? 'recorded' : 'late'}`);
    return;
  }
  showErrors(outcome.answer);
}

// ---- Start ----

if (form) {
  const waiting = mine().filter((item) => item.sessionId === form.dataset.sessionId);
  if (waiting.length > 0) {
    fillForm(waiting[waiting.length - 1].body);
  }
  form.addEventListener('submit', onSubmit);
}
showWaiting();
window.addEventListener('online', () => {
  flush();
});
setInterval(() => {
  if (mine().length > 0) {
    flush();
  }
}, RETRY_MS);
flush();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/session-worker.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const paths = [window.location.pathname, form?.dataset.doneUrl].filter(Boolean);
      registration.active?.postMessage({ type: 'keep-pages', paths });
    })
    .catch(() => {
      // No service worker (private browsing, an old browser): the pages still work online.
    });
}
