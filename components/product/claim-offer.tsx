"use client";
// The claim link's landing: the offer is claimed from the browser (a link scanner fetching the page
// claims nothing), then the shopper lands on their cart with the held units and its countdown. A
// lapsed, claimed or foreign offer explains itself.
import { useEffect, useRef } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { applyCartWrite } from "@/lib/api-client/cart";
import { isApiError } from "@/lib/api-client/fetch-json";
import { waitlistWrites } from "@/lib/api-client/waitlist";

function explain(error: unknown): { title: string; text: string } {
  if (!isApiError(error)) return { title: "Something went wrong", text: "Please try the link again in a moment." };
  switch (error.code) {
    case "OFFER_EXPIRED":
      return {
        title: "This offer has lapsed",
        text: "The units were held for you for a limited time; they went to the next shopper in line.",
      };
    case "CONFLICT":
      return { title: "Already claimed", text: "This offer was already claimed. If it was you, the items are in your cart." };
    case "UNAUTHENTICATED":
      return { title: "Sign in to claim", text: "This offer belongs to an account: sign in with it, then open the link again." };
    case "FORBIDDEN":
      return { title: "Not your offer", text: "This offer was made to another account." };
    case "NOT_FOUND":
    case "INVALID_INPUT":
      return { title: "This link is not valid", text: "Open the link exactly as it appears in your email." };
    default:
      return { title: "Could not claim the offer", text: error.message };
  }
}

export function ClaimOffer({ store, token }: { store: string; token: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const started = useRef(false);
  const claim = useMutation({
    mutationFn: () => waitlistWrites.claim(store, token),
    onSuccess: ({ cart }) => {
      applyCartWrite(queryClient, store, cart);
      router.replace(`/${store}/cart`);
    },
  });
  useEffect(() => {
    if (started.current || !token) return;
    started.current = true;
    claim.mutate();
  }, [claim, token]);

  if (!token)
    return (
      <Alert tone="error" title="This link is not valid">
        Open the link exactly as it appears in your email.
      </Alert>
    );
  if (claim.isError) {
    const { title, text } = explain(claim.error);
    // Claimed already (most often by this shopper, from a second click on the link): the cart is where to look.
    const claimed = isApiError(claim.error) && claim.error.code === "CONFLICT";
    return (
      <div className="space-y-6">
        <Alert tone={claimed ? "info" : "error"} title={title}>
          {text}
        </Alert>
        <div className="flex flex-wrap gap-3">
          {claimed && (
            <Link href={`/${store}/cart`} className={buttonClasses({})}>
              View your cart
            </Link>
          )}
          <Link href={`/${store}`} className={buttonClasses({ variant: "secondary" })}>
            Back to the shop
          </Link>
        </div>
      </div>
    );
  }
  return (
    <p role="status" className="flex items-center gap-3 text-slate-700">
      <Spinner />
      {claim.isSuccess ? "Claimed: taking you to your cart…" : "Holding your units in your cart…"}
    </p>
  );
}
