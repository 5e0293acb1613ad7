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
}

export const TOKEN_LIFETIME_MINUTES = { verify: 48 * 60, reset: 60, email_change: 48 * 60 } as const;

/** Attempt budgets per window: beyond them the request is refused with rate_limited before any check. */
export const THROTTLES = {
  signInPerAccount: { max: 5, minutes: 15 },
  signInPerAddress: { max: 20, minutes: 15 },
  resetPerAccount: { max: 3, minutes: 60 },
  resetPerAddress: { max: 10, minutes: 60 },
  signUpPerAddress: { max: 10, minutes: 60 },
  shareStoryPerAddress: { max: 10, minutes: 60 },
  shareStoryPerRecipient: { max: 3, minutes: 1440 },
  passwordChangePerAccount: { max: 5, minutes: 15 },
} as const;
export type ThrottleName = keyof typeof THROTTLES;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

/** E-mail addresses compare case-insensitively and without surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
