// The rich menu under the chat: the menu's image with a button over each tappable area, and LINE's chat bar.
import { actionLabel, el } from './dom.js';

export function renderRichMenu(menu, onAction) {
  const node = el('div', 'richmenu-board', { dataset: { richMenuId: menu.richMenuId, richMenuName: menu.name ?? '' } });
  node.style.aspectRatio = `${menu.size.width} / ${menu.size.height}`;
  node.append(el('img', 'richmenu-img', { src: menu.imageUrl, alt: menu.name ?? 'ริชเมนู (rich menu)', draggable: 'false' }));
  menu.areas.forEach((area, index) => {
    const b = area.bounds;
    const label = actionLabel(area.action) || `พื้นที่ ${index + 1}`;
    const button = el('button', 'richmenu-area', { type: 'button', 'aria-label': label, title: label, dataset: { area: String(index) } });
    Object.assign(button.style, {
      left: `${(b.x / menu.size.width) * 100}%`,
      top: `${(b.y / menu.size.height) * 100}%`,
      width: `${(b.width / menu.size.width) * 100}%`,
      height: `${(b.height / menu.size.height) * 100}%`,
    });
    button.addEventListener('click', () => onAction(area.action, button));
    node.append(button);
  });
  return node;
}
