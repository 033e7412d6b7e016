// Tiny DOM helpers. Text always goes in through textContent, never as HTML: messages come from the bot.

export function el(tag, className, attrs = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'style') Object.assign(node.style, value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  return node;
}

/** Only web and phone links are opened or shown as images; anything else (javascript:, data:) is dropped. */
export function safeUrl(url) {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url, document.baseURI);
    return ['http:', 'https:', 'tel:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** An <img> that turns into a grey placeholder when it cannot load (the machine may have no network). */
export function image(url, className, alt = '') {
  const img = el('img', className, { alt, loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer' });
  const src = safeUrl(url);
  img.addEventListener('error', () => img.classList.add('broken'));
  if (src) img.src = src;
  else img.classList.add('broken');
  return img;
}

export function actionLabel(action) {
  return action?.label ?? action?.text ?? action?.displayText ?? '';
}
