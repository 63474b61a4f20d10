import type { AppRouter, ErrorType } from '@roster/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/**
 * Every type the demo uses for data comes from the router: change a procedure's output and the
 * components that read it stop compiling (see view-models.test.ts).
 */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type User = RouterOutputs['account']['get'];
export type Team = RouterOutputs['teams']['get'];
export type TeamList = RouterOutputs['teams']['list'];
export type Membership = RouterOutputs['teams']['listMemberships']['memberships'][number];
export type Delivery = RouterOutputs['teams']['getMembershipDelivery'];
export type DeliveryState = Delivery['state'];

/** The Appwrite error types the API can answer with (`error.data.type`). */
export type ApiErrorType = ErrorType;
