import { expect } from "vitest";
import type { GraphQLResult } from "./subgraph.js";

// The catalog's GraphQL documents, as the tests send them; the factories are in factories.ts.

const BUSINESS_FIELDS = "id name description type address city phone email timezone status isVerified createdAt owner { id }";
const RESOURCE_FIELDS = `id name type description metadata status capacity slotMinutes priceUnit freeCancellationHours createdAt
  price { amount currency } openingHours { dayOfWeek opens closes } category { id name } business { id }`;

export const CREATE_BUSINESS = `mutation($input: CreateBusinessInput!) { createBusiness(input: $input) { ${BUSINESS_FIELDS} } }`;
export const UPDATE_BUSINESS = `mutation($id: ID!, $input: UpdateBusinessInput!) { updateBusiness(id: $id, input: $input) { ${BUSINESS_FIELDS} } }`;
export const VERIFY_BUSINESS = `mutation($id: ID!) { verifyBusiness(id: $id) { id status isVerified } }`;
export const SET_BUSINESS_STATUS = `mutation($id: ID!, $status: BusinessStatus!) { setBusinessStatus(id: $id, status: $status) { id status isVerified } }`;
export const BUSINESS = `query($id: ID!) { business(id: $id) { ${BUSINESS_FIELDS} } }`;
export const CREATE_RESOURCE = `mutation($businessId: ID!, $input: CreateResourceInput!) { createResource(businessId: $businessId, input: $input) { ${RESOURCE_FIELDS} } }`;
export const UPDATE_RESOURCE = `mutation($id: ID!, $input: UpdateResourceInput!) { updateResource(id: $id, input: $input) { ${RESOURCE_FIELDS} } }`;
export const SET_RESOURCE_STATUS = `mutation($id: ID!, $status: ResourceStatus!) { setResourceStatus(id: $id, status: $status) { id status } }`;
export const RESOURCE = `query($id: ID!) { resource(id: $id) { ${RESOURCE_FIELDS} } }`;
export const CREATE_CATEGORY = `mutation($businessId: ID!, $name: String!) { createResourceCategory(businessId: $businessId, name: $name) { id name business { id } } }`;
export const BLOCK_RESOURCE = `mutation($resourceId: ID!, $start: DateTime!, $end: DateTime!, $reason: String) {
  blockResource(resourceId: $resourceId, start: $start, end: $end, reason: $reason) { id start end reason resource { id } } }`;
export const UNBLOCK_RESOURCE = `mutation($blockId: ID!) { unblockResource(blockId: $blockId) }`;

/** The data of an operation that must have succeeded. */
export function ok<T = any>(result: GraphQLResult<T>): T {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}
