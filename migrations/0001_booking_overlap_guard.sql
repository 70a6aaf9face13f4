-- The database itself refuses a double booking: a confirmed booking may not sit inside another
-- confirmed booking's blocked range (meeting plus buffers) of the same host, nor its own blocked
-- range cover another's meeting. This holds whichever code path writes, across all booking types.
CREATE TRIGGER `bookings_refuse_overlap_on_insert`
BEFORE INSERT ON `bookings`
WHEN NEW.`status` = 'confirmed' AND EXISTS (
  SELECT 1 FROM `bookings` AS b
  WHERE b.`user_id` = NEW.`user_id`
    AND b.`status` = 'confirmed'
    AND b.`block_start_ms` < NEW.`block_end_ms`
    AND b.`block_end_ms` > NEW.`block_start_ms`
    AND (
      (b.`block_start_ms` < NEW.`end_ms` AND b.`block_end_ms` > NEW.`start_ms`)
      OR (NEW.`block_start_ms` < b.`end_ms` AND NEW.`block_end_ms` > b.`start_ms`)
    )
)
BEGIN
  SELECT RAISE(ABORT, 'BOOKING_OVERLAP');
END;
--> statement-breakpoint
-- The same guard for a row that becomes confirmed or moves.
CREATE TRIGGER `bookings_refuse_overlap_on_update`
BEFORE UPDATE OF `status`, `start_ms`, `end_ms`, `block_start_ms`, `block_end_ms` ON `bookings`
WHEN NEW.`status` = 'confirmed' AND EXISTS (
  SELECT 1 FROM `bookings` AS b
  WHERE b.`user_id` = NEW.`user_id`
    AND b.`id` <> NEW.`id`
    AND b.`status` = 'confirmed'
    AND b.`block_start_ms` < NEW.`block_end_ms`
    AND b.`block_end_ms` > NEW.`block_start_ms`
    AND (
      (b.`block_start_ms` < NEW.`end_ms` AND b.`block_end_ms` > NEW.`start_ms`)
      OR (NEW.`block_start_ms` < b.`end_ms` AND NEW.`block_end_ms` > b.`start_ms`)
    )
)
BEGIN
  SELECT RAISE(ABORT, 'BOOKING_OVERLAP');
END;
