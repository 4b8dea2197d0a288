import { UserStatus } from "@booking/contracts";
import { DateTimeScalar, Role, connectionTypes } from "@booking/common";
import { Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "Owned by users. email and phone are visible only to the user and to admins; other callers get null." })
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String)
  username!: string;

  @Field(() => String, { nullable: true })
  firstName!: string | null;

  @Field(() => String, { nullable: true })
  lastName!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => Role)
  role!: Role;

  @Field(() => UserStatus)
  status!: UserStatus;

  @Field(() => Boolean)
  emailVerified!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  lastLoginAt!: Date | null;
}

export const { EdgeType: UserEdge, ConnectionType: UserConnection } = connectionTypes(() => User, "User");

@InputType()
export class UserFilter {
  @Field(() => Role, { nullable: true })
  role?: Role;

  @Field(() => UserStatus, { nullable: true })
  status?: UserStatus;

  @Field(() => String, { nullable: true })
  search?: string;
}

@ObjectType()
export class AuthPayload {
  @Field(() => String)
  accessToken!: string;

  @Field(() => String)
  refreshToken!: string;

  @Field(() => Int, { description: "access token lifetime in seconds" })
  expiresIn!: number;

  @Field(() => User)
  user!: User;
}

@InputType()
export class RegisterInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String, { nullable: true })
  firstName?: string;

  @Field(() => String, { nullable: true })
  lastName?: string;

  @Field(() => String, { nullable: true })
  phone?: string;

  @Field(() => Role, { nullable: true, description: "CUSTOMER (default) or VENDOR; ADMIN cannot be self-assigned" })
  role?: Role;
}
