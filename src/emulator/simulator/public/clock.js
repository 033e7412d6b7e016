// The service clock (emulator mode): shows the time the bot lives in and moves it forward, so reminders,
// escalations and auto-closes can be seen without waiting days. Hidden when the service has no such control.

const ZONE = 'Asia/Bangkok';
const nowFormat = new Intl.DateTimeFormat('th-TH', {
  timeZone: ZONE, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const REFRESH_MS = 30_000;

async function call(method, path, body) {
  const res = await fetch(`api/clock${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => undefined);
  if (!res.ok) throw Object.assign(new Error(json?.message ?? `HTTP ${res.status}`), { status: res.status });
  return json;
}

/** "1 วัน 2 ชม. 5 นาที" */
export function offsetText(minutes) {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [];
  if (days) parts.push(`${days} วัน`);
  if (hours) parts.push(`${hours} ชม.`);
  if (rest) parts.push(`${rest} นาที`);
  return parts.join(' ');
}

export function createClockControl({ $, toast, onMoved }) {
  let busy = false;

  function render(clock) {
    $('clock-section').hidden = false;
    $('clock-now').textContent = `${nowFormat.format(new Date(clock.now))} น.`;
    const ahead = clock.offsetMinutes > 0;
    $('clock-offset').textContent = ahead ? `เร็วกว่าเวลาจริง ${offsetText(clock.offsetMinutes)}` : 'เวลาจริง';
    $('clock-reset').disabled = !ahead;
    const badge = $('clock-badge');
    badge.hidden = !ahead;
    badge.textContent = ahead ? `เวลา +${offsetText(clock.offsetMinutes)}` : '';
    badge.title = ahead ? `เวลาของระบบ ${$('clock-now').textContent}` : '';
  }

  async function refresh() {
    try {
      render(await call('GET', ''));
    } catch (error) {
      // 404: the service runs with LINE (no movable clock) or this is the emulator on its own port.
      if (error.status === 404) $('clock-section').hidden = true;
    }
  }

  async function move(path, body, done) {
    if (busy) return;
    busy = true;
    for (const button of document.querySelectorAll('#clock-section button')) button.disabled = true;
    try {
      const clock = await call('POST', path, body);
      render(clock);
      toast(done(clock));
      onMoved?.();
    } catch (error) {
      toast(`เลื่อนเวลาไม่สำเร็จ: ${error.message}`);
    } finally {
      busy = false;
      for (const button of document.querySelectorAll('#clock-section button')) button.disabled = false;
      refresh();
    }
  }

  const advance = (minutes) =>
    move('', { advanceMinutes: minutes }, (clock) => `เลื่อนเวลาไป ${offsetText(minutes)} แล้ว งานตามเวลาทำงานแล้ว ${clock.ran?.length ?? 0} งาน`);

  function wire() {
    for (const button of document.querySelectorAll('[data-advance]')) {
      button.addEventListener('click', () => advance(Number(button.dataset.advance)));
    }
    $('clock-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const field = event.target.elements.minutes;
      const minutes = Number(field.value);
      if (!Number.isInteger(minutes) || minutes < 1) return toast('ใส่จำนวนนาทีเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป');
      field.value = '';
      advance(minutes);
    });
    $('clock-reset').addEventListener('click', () => move('/reset', undefined, () => 'กลับเป็นเวลาจริงแล้ว'));
    $('clock-badge').addEventListener('click', () => document.body.classList.add('panel-open'));
    setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, REFRESH_MS);
  }

  return { wire, refresh };
}
