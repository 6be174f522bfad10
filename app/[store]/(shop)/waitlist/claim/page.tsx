import type { Metadata } from "next";
import { ClaimOffer } from "@/components/product/claim-offer";
import { getShop } from "../../_lib/shop";

type Props = { params: Promise<{ store: string }>; searchParams: Promise<{ token?: string | string[] }> };

export const metadata: Metadata = { title: "Your waitlist offer", robots: { index: false } };

export default async function ClaimPage({ params, searchParams }: Props) {
  const { store: slug } = await params;
  const { token } = await searchParams;
  const store = await getShop(slug);
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-3xl font-semibold tracking-tight text-ink sm:text-4xl">Your waitlist offer</h1>
      <div className="mt-8">
        <ClaimOffer store={store.slug} token={typeof token === "string" ? token : ""} />
      </div>
    </div>
  );
}
