import { AppError } from "@booking/common";

/** The answers when another account holds the email or username: a check's, and a racing insert's. */
export function emailTaken(): AppError {
  return new AppError("EMAIL_TAKEN", "An account with this email exists", { field: "email" });
}

export function usernameTaken(): AppError {
  return new AppError("USERNAME_TAKEN", "This username is taken", { field: "username" });
}
