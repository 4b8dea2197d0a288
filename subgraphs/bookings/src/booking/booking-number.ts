import { randomInt } from "node:crypto";

// Crockford's base32: digits and upper-case letters without I, L, O and U, so a number read
// aloud or typed from a receipt cannot be mistaken for another.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 8;

/**
 * A short reference such as "BK-7K3M9QXD": 40 random bits, so collisions are rare; the unique
 * constraint catches the rare one and the caller draws again.
 */
export function newBookingNumber(): string {
  let code = "";
  for (let index = 0; index < LENGTH; index += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `BK-${code}`;
}
