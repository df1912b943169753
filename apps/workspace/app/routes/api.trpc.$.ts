import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleTrpcRequest } from "@carefold/api";

/** tRPC over HTTP: queries (GET) and mutations (POST) go to the shared API router. */
export const loader = ({ request }: LoaderFunctionArgs) => handleTrpcRequest(request, "workspace");
export const action = ({ request }: ActionFunctionArgs) => handleTrpcRequest(request, "workspace");
