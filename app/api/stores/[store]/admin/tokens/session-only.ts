// The token routes are for signed-in members only: an API token cannot mint, list or revoke tokens.
export const TOKENS_SESSION_ONLY = "API tokens cannot manage API tokens; sign in as a store admin.";
