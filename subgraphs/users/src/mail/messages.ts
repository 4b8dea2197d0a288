export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export function verificationCodeMail(to: string, code: string): MailMessage {
  return {
    to,
    subject: "Your verification code",
    text: `Your verification code is ${code}.\n\nIt works once, for 10 minutes. If you did not sign up, ignore this mail.\n`,
  };
}

export function passwordResetCodeMail(to: string, code: string): MailMessage {
  return {
    to,
    subject: "Your password reset code",
    text: `Your password reset code is ${code}.\n\nIt works once, for 10 minutes. If you did not ask to reset your password, ignore this mail.\n`,
  };
}
