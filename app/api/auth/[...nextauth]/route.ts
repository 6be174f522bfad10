// Auth.js owns /api/auth/* (csrf, session, callback/credentials, signout, providers).
import { handlers } from "@/lib/auth/auth";

export const { GET, POST } = handlers;
