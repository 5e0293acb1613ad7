import type { TokenGrant } from '../tokens/tokens';

export const USER_ROLES = ['contributor', 'curator', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const USER_STATUSES = ['pending', 'active', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const MEMBER_ROLES = ['editor', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Membership {
  organisationId: number;
  organisationName: string;
  role: MemberRole;
}

/** The signed-in person as the policy sees them; `null` everywhere means a visitor. */
export interface Actor {
  userId: number;
  email: string;
  displayName: string;
  locale: string;
  role: UserRole;
  status: UserStatus;
  emailVerified: boolean;
  /** Active memberships only. */
  memberships: Membership[];
  /** Whether the account has a confirmed second factor (staff powers need one). */
  twoFactor: boolean;
  /** Set when the request came with an API token: the actor then acts only for that organisation, within its scopes. */
  token?: TokenGrant;
}

export const TOKEN_LIFETIME_MINUTES = { verify: 48 * 60, reset: 60, email_change: 48 * 60 } as const;

/**
 * Budgets per window. Every route that checks a password or sends mail on a non-staff request draws
 * on some of them; a use is taken before the work, and beyond a budget the request is refused with
 * rate_limited. Password budgets give a use back when the password was right.
 */
export const THROTTLES = {
  // Password checks: sign-in (per account address and per client address).
  signInPerAccount: { max: 5, minutes: 15 },
  signInPerAddress: { max: 20, minutes: 15 },
  // Password checks when changing one's address, per account and per client address; mails it sends.
  emailChangePerAccount: { max: 5, minutes: 15 },
  emailChangePerAddress: { max: 20, minutes: 15 },
  emailChangeMailPerAccount: { max: 3, minutes: 1440 },
  // Reset mails, and attempts at the reset form with a token that does not work.
  resetPerAccount: { max: 3, minutes: 60 },
  resetPerAddress: { max: 10, minutes: 60 },
  resetWithTokenPerAddress: { max: 10, minutes: 60 },
  // Sign-up mails (verification or "account exists"), per client and per mailbox.
  signUpPerAddress: { max: 10, minutes: 60 },
  signUpPerEmail: { max: 3, minutes: 1440 },
  // Mails to an organisation's editors, and receipts for submissions.
  joinRequestPerAccount: { max: 10, minutes: 1440 },
  submitPerAccount: { max: 30, minutes: 60 },
  // Replies to the curators (each mails the curator who last decided).
  replyPerAccount: { max: 20, minutes: 60 },
  // "Send this story to a colleague": per signed-in sender and per recipient.
  shareStoryPerAccount: { max: 10, minutes: 60 },
  shareStoryPerRecipient: { max: 3, minutes: 1440 },
  // Wrong second-factor codes per account (sign-in, enrolment, disabling), keyed by user id.
  twoFactorPerAccount: { max: 10, minutes: 15 },
  passwordChangePerAccount: { max: 5, minutes: 15 },
  // Requests made with one API token (keyed by the token's id), whatever they ask.
  apiTokenRequests: { max: 120, minutes: 1 },
} as const;
export type ThrottleName = keyof typeof THROTTLES;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

/** E-mail addresses compare case-insensitively and without surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
