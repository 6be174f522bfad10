-- One ledger row.
CREATE OR REPLACE FUNCTION inv_ledger(
  p_item text, p_kind "MovementKind", p_stock_delta int, p_reserved_delta int,
  p_stock_after int, p_reserved_after int, p_hold text, p_order text,
  p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3)
) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "StockMovement" ("storeId", "inventoryItemId", "kind", "stockDelta", "reservedDelta",
    "stockAfter", "reservedAfter", "holdId", "orderId", "actorType", "actorId", "actorLabel", "reason", "createdAt")
  SELECT i."storeId", p_item, p_kind, p_stock_delta, p_reserved_delta, p_stock_after, p_reserved_after,
    p_hold, p_order, p_actor_type, p_actor_id, p_actor_label, p_reason, p_now
  FROM "InventoryItem" i WHERE i.id = p_item;
$$;
