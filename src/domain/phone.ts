import { westernDigits } from './thai-digits.ts';
/** Thai mobile numbers: 10 digits starting 06, 08 or 09. People type dashes, spaces or +66. */
const THAI_MOBILE = /^0[689]\d{8}$/;

/** The number as stored (digits only, leading 0), or null when it is not a Thai mobile number. */
export function normalizeThaiMobile(text: string): string | null {
  let digits = text.trim().replace(/[\s\-().]/g, '');
  digits = westernDigits(digits);
  if (digits.startsWith('+66')) digits = `0${digits.slice(3)}`;
  return THAI_MOBILE.test(digits) ? digits : null;
}

/** 0812345678 → 081-234-5678 */
export function formatThaiMobile(phone: string): string {
  return /^\d{10}$/.test(phone) ? `${phone.slice(0, 3)}-${phone.slice(3, 6)}-${phone.slice(6)}` : phone;
}
