-- Local demo data (design.md "Local demo data"). Applied by `npm start` to LOCAL D1 only; every
-- statement is INSERT OR IGNORE on fixed keys, so a second start adds nothing.
-- The bk_test_ tokens exist only here, never in a deployed database.

INSERT OR IGNORE INTO users (id, username, time_zone) VALUES
  (1, 'hepuloujun', 'Europe/London'),
  (2, 'marta', 'America/Sao_Paulo');

-- token_hash = SHA-256 of 'bk_test_hepuloujun' and of 'bk_test_marta'.
INSERT OR IGNORE INTO service_tokens (id, user_id, token_hash, prefix, label) VALUES
  ('tok_demo_hepuloujun', 1, '41fead84571a30c332f80dfadac4c837d8523d11a91ea6c4903be8f60508db8b', 'bk_test_hepu', 'demo'),
  ('tok_demo_marta', 2, '257fea76ca9c1cac461c2f4d9f26015afe26acd4b65d51d9c72c9fc4a5f3f377', 'bk_test_mart', 'demo');

-- Public, no buffers, interval = duration, 2 hours' notice, 365 days ahead, no daily cap.
INSERT OR IGNORE INTO booking_types
  (id, public_id, user_id, title, duration_minutes, duration_options, slot_interval_minutes,
   buffer_before_minutes, buffer_after_minutes, minimum_notice_minutes, booking_window_days, daily_cap, is_public)
VALUES
  (1, 'bt-63bb1a53', 1, 'Consultation', 60, '[60,90]', NULL, 0, 0, 120, 365, NULL, 1),
  (2, 'bt-1a2b3c4d', 1, 'Intro call', 30, '[30]', NULL, 0, 0, 120, 365, NULL, 1),
  (3, 'bt-5ca1ab1e', 2, 'Session', 45, '[45]', NULL, 0, 0, 120, 365, NULL, 1);

-- Monday (1) to Friday (5): hepuloujun 09:00–17:00 London, marta 10:00–18:00 São Paulo.
INSERT OR IGNORE INTO weekly_hours (user_id, weekday, start_minute, end_minute) VALUES
  (1, 1, 540, 1020), (1, 2, 540, 1020), (1, 3, 540, 1020), (1, 4, 540, 1020), (1, 5, 540, 1020),
  (2, 1, 600, 1080), (2, 2, 600, 1080), (2, 3, 600, 1080), (2, 4, 600, 1080), (2, 5, 600, 1080);
