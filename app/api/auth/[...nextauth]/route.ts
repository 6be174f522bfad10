// Auth.js owns /api/auth/* (csrf, session, callback/credentials, signout, providers).
import { handlers } from "@/lib/auth/auth";
import { withSignInRateLimit } from "@/lib/http/rate-limit";

export const GET = handlers.GET;
// Credentials sign-ins over their per-account or per-IP limit get 429 + Retry-After.
export const POST = withSignInRateLimit(handlers.POST);
