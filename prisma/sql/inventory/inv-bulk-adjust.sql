-- All-or-nothing bulk change. p_rows: [{ "itemId", "row", "stock"?, "adjust"?, "lowStockThreshold"? (null clears) }].
-- Items are locked in id order. Returns one row per failed input row; when any fails, nothing is
-- applied (the work is rolled back to a savepoint) and the failures are returned.
CREATE OR REPLACE FUNCTION inv_bulk_adjust(
  p_rows jsonb, p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3)
) RETURNS TABLE (row_index int, error_code text, stock int, reserved int) LANGUAGE plpgsql AS $$
DECLARE
  v_row record;
  v_res record;
  v_failed jsonb := '[]'::jsonb;
BEGIN
  BEGIN
    FOR v_row IN
      SELECT (r->>'itemId') AS item_id, (r->>'row')::int AS idx,
        (r->>'stock')::int AS stock, (r->>'adjust')::int AS adjust,
        (r->>'lowStockThreshold')::int AS threshold, (r ? 'lowStockThreshold') AS set_threshold
      FROM jsonb_array_elements(p_rows) r
      ORDER BY r->>'itemId', (r->>'row')::int
    LOOP
      SELECT * INTO v_res FROM inv_adjust(v_row.item_id, v_row.stock, v_row.adjust, v_row.threshold, v_row.set_threshold,
        p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
      IF v_res.code <> 'OK' THEN
        v_failed := v_failed || jsonb_build_object('row', v_row.idx, 'code', v_res.code, 'stock', v_res.stock_after, 'reserved', v_res.reserved_after);
      END IF;
    END LOOP;
    IF jsonb_array_length(v_failed) > 0 THEN
      RAISE EXCEPTION 'bulk rejected' USING ERRCODE = 'P0B01';
    END IF;
  EXCEPTION WHEN SQLSTATE 'P0B01' THEN
    -- rolled back to the block's start; v_failed survives
    NULL;
  END;
  RETURN QUERY SELECT (f->>'row')::int, f->>'code', (f->>'stock')::int, (f->>'reserved')::int
  FROM jsonb_array_elements(v_failed) f ORDER BY (f->>'row')::int;
END;
$$;
