import type { RequestContext, Viewer } from "@booking/common";
import type { PrismaClient } from "./generated/prisma/client.js";
import { UserRepository } from "./user/user.repository.js";
import { UserService } from "./user/user.service.js";

export interface UsersContext extends RequestContext {
  users: UserService;
}

/** Everything one request needs; its loaders live and die with it. */
export function createContext(db: PrismaClient, viewer: Viewer | null): UsersContext {
  return { viewer, users: new UserService(new UserRepository(db), viewer) };
}
