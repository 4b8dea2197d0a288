import { UserStatus } from "@booking/contracts";
import { DateTimeScalar, Role, connectionTypes } from "@booking/common";
import { Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "Owned by users. email and phone are visible only to the user and to admins; other callers get null." })
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID, { description: "stable id" })
  id!: string;

  @Field(() => String, { description: "null unless the caller is the user or an admin", nullable: true })
  email!: string | null;

  @Field(() => String, { description: "unique public handle" })
  username!: string;

  @Field(() => String, { description: "given name, if known", nullable: true })
  firstName!: string | null;

  @Field(() => String, { description: "family name, if known", nullable: true })
  lastName!: string | null;

  @Field(() => String, { description: "null unless the caller is the user or an admin", nullable: true })
  phone!: string | null;

  @Field(() => Role, { description: "what the user may do: CUSTOMER books, VENDOR owns a business, ADMIN operates the platform" })
  role!: Role;

  @Field(() => UserStatus, { description: "PENDING_VERIFICATION until the email is verified; SUSPENDED and DELETED users cannot sign in" })
  status!: UserStatus;

  @Field(() => Boolean, { description: "whether verifyEmail succeeded" })
  emailVerified!: boolean;

  @Field(() => DateTimeScalar, { description: "when the account was registered" })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: "the last successful sign-in, if any", nullable: true })
  lastLoginAt!: Date | null;
}

export const { EdgeType: UserEdge, ConnectionType: UserConnection } = connectionTypes(() => User, "User");

@InputType({ description: "Narrows the admin's user list; absent fields do not filter." })
export class UserFilter {
  @Field(() => Role, { description: "only users with this role", nullable: true })
  role?: Role;

  @Field(() => UserStatus, { description: "only users in this status", nullable: true })
  status?: UserStatus;

  @Field(() => String, { description: "case-insensitive substring of the email, username, first or last name", nullable: true })
  search?: string;
}

@ObjectType({ description: "A signed-in session: a short-lived access token for the Authorization header and a rotating refresh token." })
export class AuthPayload {
  @Field(() => String, { description: "JWT for `Authorization: Bearer <accessToken>` on HTTP, or in connection_init on WebSocket" })
  accessToken!: string;

  @Field(() => String, { description: "single use: refreshToken trades it for a new pair; reusing one revokes the session (INVALID_TOKEN)" })
  refreshToken!: string;

  @Field(() => Int, { description: "access token lifetime in seconds" })
  expiresIn!: number;

  @Field(() => User, { description: "the signed-in user" })
  user!: User;
}

@InputType({ description: "A new account; a 6-digit code is emailed to verify the address." })
export class RegisterInput {
  @Field(() => String, { description: "unique (EMAIL_TAKEN); also a login" })
  email!: string;

  @Field(() => String, { description: "unique (USERNAME_TAKEN); also a login" })
  username!: string;

  @Field(() => String, { description: "10 to 256 characters (BAD_USER_INPUT otherwise)" })
  password!: string;

  @Field(() => String, { description: "given name", nullable: true })
  firstName?: string;

  @Field(() => String, { description: "family name", nullable: true })
  lastName?: string;

  @Field(() => String, { description: "phone number", nullable: true })
  phone?: string;

  @Field(() => Role, { nullable: true, description: "CUSTOMER (default) or VENDOR; ADMIN cannot be self-assigned" })
  role?: Role;
}
