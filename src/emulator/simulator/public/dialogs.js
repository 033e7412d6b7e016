// Small modal pickers standing in for the phone's native ones: date/time, location, and file choosers.
import { el } from './dom.js';

function modal(title, build) {
  return new Promise((resolve) => {
    const dialog = el('dialog', 'picker', { 'aria-label': title });
    const form = el('form', '', { method: 'dialog' });
    form.append(el('h3', '', { text: title }));
    const read = build(form);
    const row = el('div', 'picker-buttons');
    const cancel = el('button', '', { type: 'button', value: 'cancel', text: 'ยกเลิก (Cancel)' });
    const ok = el('button', 'primary', { type: 'submit', value: 'ok', text: 'ตกลง (OK)' });
    row.append(cancel, ok);
    form.append(row);
    dialog.append(form);
    let result;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      result = read();
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

const INPUT_TYPE = { date: 'date', time: 'time', datetime: 'datetime-local' };

/** LINE's datetimepicker: a native picker with initial/min/max; resolves to {date}|{time}|{datetime}. */
export function pickDateTime(action) {
  const mode = INPUT_TYPE[action.mode] ? action.mode : 'datetime';
  const title = action.label ? `${action.label}` : 'เลือกวันเวลา (Pick a date/time)';
  return modal(title, (form) => {
    const input = el('input', 'picker-input', { type: INPUT_TYPE[mode], name: mode, required: true, 'data-mode': mode });
    if (action.initial) input.value = action.initial;
    if (action.min) input.min = action.min;
    if (action.max) input.max = action.max;
    const label = el('label', '', { text: { date: 'วันที่ (date)', time: 'เวลา (time)', datetime: 'วันและเวลา (date & time)' }[mode] });
    label.append(input);
    form.append(label);
    return () => ({ [mode]: input.value });
  });
}

// A few places in Thailand, so nobody needs a map (the machine has no network for map tiles).
export const PRESET_PLACES = [
  { title: 'กระทรวงศึกษาธิการ', address: 'ถนนราชดำเนินนอก แขวงวัดโสมนัส เขตป้อมปราบศัตรูพ่าย กรุงเทพมหานคร', latitude: 13.7593, longitude: 100.5097 },
  { title: 'อนุสาวรีย์ชัยสมรภูมิ', address: 'ถนนพญาไท เขตราชเทวี กรุงเทพมหานคร', latitude: 13.7649, longitude: 100.5383 },
  { title: 'ประตูท่าแพ', address: 'ตำบลช้างคลาน อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่', latitude: 18.7877, longitude: 98.9933 },
  { title: 'อนุสาวรีย์ท้าวสุรนารี', address: 'อำเภอเมืองนครราชสีมา จังหวัดนครราชสีมา', latitude: 14.975, longitude: 102.0981 },
  { title: 'บึงแก่นนคร', address: 'อำเภอเมืองขอนแก่น จังหวัดขอนแก่น', latitude: 16.4153, longitude: 102.8352 },
  { title: 'หาดสมิหลา', address: 'อำเภอเมืองสงขลา จังหวัดสงขลา', latitude: 7.2155, longitude: 100.5936 },
];

/** LINE's location action: a preset or typed coordinates; resolves to a location message body. */
export function pickLocation() {
  return modal('ส่งตำแหน่ง (Send a location)', (form) => {
    const preset = el('select', '', { name: 'preset' });
    preset.append(el('option', '', { value: '', text: '— เลือกสถานที่ (preset) —' }));
    PRESET_PLACES.forEach((place, i) => preset.append(el('option', '', { value: String(i), text: place.title })));
    const title = el('input', '', { name: 'title', maxlength: '100' });
    const address = el('input', '', { name: 'address', maxlength: '100' });
    const lat = el('input', '', { name: 'latitude', type: 'number', step: 'any', min: '-90', max: '90', required: true });
    const lng = el('input', '', { name: 'longitude', type: 'number', step: 'any', min: '-180', max: '180', required: true });
    preset.addEventListener('change', () => {
      const place = PRESET_PLACES[Number(preset.value)];
      if (!place || preset.value === '') return;
      title.value = place.title;
      address.value = place.address;
      lat.value = String(place.latitude);
      lng.value = String(place.longitude);
    });
    const field = (text, input) => {
      const label = el('label', '', { text });
      label.append(input);
      return label;
    };
    form.append(
      field('สถานที่ตัวอย่าง (preset)', preset),
      field('ชื่อสถานที่ (title)', title),
      field('ที่อยู่ (address)', address),
      field('ละติจูด (latitude)', lat),
      field('ลองจิจูด (longitude)', lng),
    );
    return () => ({
      type: 'location',
      ...(title.value ? { title: title.value } : {}),
      ...(address.value ? { address: address.value } : {}),
      latitude: Number(lat.value),
      longitude: Number(lng.value),
    });
  });
}

/** Opens the browser's file chooser (camera on a phone when asked); resolves to a File or undefined. */
export function pickImage(useCamera) {
  return new Promise((resolve) => {
    const input = el('input', 'hidden-file', { type: 'file', accept: 'image/*', ...(useCamera ? { capture: 'environment' } : {}) });
    input.addEventListener('change', () => {
      resolve(input.files?.[0]);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(undefined);
      input.remove();
    });
    document.body.append(input);
    input.click();
  });
}
