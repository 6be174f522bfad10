-- Releases one hold by id within a store's reach (the admin's "Release"); false if not active.
CREATE OR REPLACE FUNCTION inv_release_hold(
  p_hold text, p_actor_type "ActorType", p_actor_id text, p_actor_label text, p_reason text, p_now timestamp(3)
) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "Hold" WHERE id = p_hold AND status = 'ACTIVE' FOR UPDATE;
  IF NOT FOUND THEN RETURN false; END IF;
  RETURN inv_end_hold(p_hold, 'RELEASED', p_actor_type, p_actor_id, p_actor_label, p_reason, p_now);
END;
$$;
