-- Sells, from available units, whatever the order's lines still need beyond what its SOLD holds
-- cover (all of it for a cancelled order whose payment landed late). All or nothing: returns false
-- and changes nothing when any item lacks the units. The caller has locked the order and the
-- items of its lines (in id order).
CREATE OR REPLACE FUNCTION order_sell_missing(
  p_order text, p_actor_type "ActorType", p_actor_label text, p_reason text, p_now timestamp(3)
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  v_need record;
  v_stock int;
  v_reserved int;
BEGIN
  BEGIN
    FOR v_need IN
      SELECT ol."inventoryItemId" AS item, (sum(ol.quantity) - COALESCE(max(sold.units), 0))::int AS units
      FROM "OrderLine" ol
      LEFT JOIN (
        SELECT h."inventoryItemId", sum(h.quantity) AS units FROM "Hold" h
        WHERE h."orderId" = p_order AND h.status = 'SOLD' GROUP BY h."inventoryItemId"
      ) sold ON sold."inventoryItemId" = ol."inventoryItemId"
      WHERE ol."orderId" = p_order
      GROUP BY ol."inventoryItemId"
      ORDER BY ol."inventoryItemId"
    LOOP
      CONTINUE WHEN v_need.units <= 0;
      UPDATE "InventoryItem" i SET stock = i.stock - v_need.units, "updatedAt" = p_now
      WHERE i.id = v_need.item AND i.stock - i.reserved >= v_need.units
      RETURNING i.stock, i.reserved INTO v_stock, v_reserved;
      IF NOT FOUND THEN
        -- Lapsed cart holds never block a sale (SKIP LOCKED: never waits on a hold).
        PERFORM inv_reclaim_lapsed(v_need.item, p_now);
        UPDATE "InventoryItem" i SET stock = i.stock - v_need.units, "updatedAt" = p_now
        WHERE i.id = v_need.item AND i.stock - i.reserved >= v_need.units
        RETURNING i.stock, i.reserved INTO v_stock, v_reserved;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'not enough units' USING ERRCODE = 'P0D01';
        END IF;
      END IF;
      PERFORM inv_ledger(v_need.item, 'LATE_SALE', -v_need.units, 0, v_stock, v_reserved, NULL, p_order,
        p_actor_type, NULL, p_actor_label, p_reason, p_now);
    END LOOP;
  EXCEPTION WHEN SQLSTATE 'P0D01' THEN
    RETURN false; -- rolled back to the block's start: nothing sold
  END;
  RETURN true;
END;
$$;
