-- Local demo data (design.md "Local demo data"). Applied by `npm start` to LOCAL D1 only; every
-- statement is INSERT OR IGNORE on fixed keys, so a second start adds nothing.
-- The bk_test_ tokens exist only here, never in a deployed database.

-- The account "demo" owns both hosts. (A local state made before accounts existed gave each host an
-- account of its own: the UPDATEs move them here.)
INSERT OR IGNORE INTO accounts (id, name) VALUES ('acct_demo', 'demo');

INSERT OR IGNORE INTO users (id, username, account_id, name, time_zone) VALUES
  (1, 'hepuloujun', 'acct_demo', 'Jun Hepulou', 'Europe/London'),
  (2, 'marta', 'acct_demo', 'Marta Ribeiro', 'America/Sao_Paulo');
UPDATE users SET account_id = 'acct_demo' WHERE (id, username) IN (VALUES (1, 'hepuloujun'), (2, 'marta'));
UPDATE users SET name = 'Jun Hepulou' WHERE id = 1 AND username = 'hepuloujun' AND name IS NULL;
UPDATE users SET name = 'Marta Ribeiro' WHERE id = 2 AND username = 'marta' AND name IS NULL;
-- The hosts' addresses, for the messages a host gets of their bookings (design-notifications.md).
UPDATE users SET email = 'jun@example.com' WHERE id = 1 AND username = 'hepuloujun' AND email IS NULL;
UPDATE users SET email = 'marta@example.com' WHERE id = 2 AND username = 'marta' AND email IS NULL;

-- token_hash = SHA-256 of 'bk_test_demo' (every scope), 'bk_test_hepuloujun' and 'bk_test_marta'
-- (each narrowed to its host, with bookings:write and hosts:write).
INSERT OR IGNORE INTO service_tokens (id, account_id, host_id, name, scopes, token_hash, last4) VALUES
  ('tok_demo', 'acct_demo', NULL, 'demo: every scope',
   '["bookings:read","bookings:write","hosts:read","hosts:write","webhooks:write","tokens:write"]',
   '94ab29c77e408e9464abb50251be7024ee1078f9886be3d2ad67e86099ab615f', 'demo'),
  ('tok_demo_hepuloujun', 'acct_demo', 1, 'demo: hepuloujun', '["bookings:write","hosts:write"]',
   '41fead84571a30c332f80dfadac4c837d8523d11a91ea6c4903be8f60508db8b', 'ujun'),
  ('tok_demo_marta', 'acct_demo', 2, 'demo: marta', '["bookings:write","hosts:write"]',
   '257fea76ca9c1cac461c2f4d9f26015afe26acd4b65d51d9c72c9fc4a5f3f377', 'arta');
UPDATE service_tokens SET account_id = 'acct_demo' WHERE id IN ('tok_demo_hepuloujun', 'tok_demo_marta');
DELETE FROM accounts WHERE id IN ('acct_host_1', 'acct_host_2')
  AND NOT EXISTS (SELECT 1 FROM users WHERE users.account_id = accounts.id)
  AND NOT EXISTS (SELECT 1 FROM service_tokens WHERE service_tokens.account_id = accounts.id);

-- Public, no buffers, interval = duration, 2 hours' notice, 365 days ahead, no daily cap.
INSERT OR IGNORE INTO booking_types
  (id, public_id, slug, user_id, title, duration_minutes, duration_options, slot_interval_minutes,
   buffer_before_minutes, buffer_after_minutes, minimum_notice_minutes, booking_window_days, daily_cap, is_public, created_at)
VALUES
  (1, 'bt-63bb1a53', 'consultation', 1, 'Consultation', 60, '[60,90]', NULL, 0, 0, 120, 365, NULL, 1, unixepoch() * 1000),
  (2, 'bt-1a2b3c4d', 'intro', 1, 'Intro call', 30, '[30]', NULL, 0, 0, 120, 365, NULL, 1, unixepoch() * 1000),
  (3, 'bt-5ca1ab1e', 'session', 2, 'Session', 45, '[45]', NULL, 0, 0, 120, 365, NULL, 1, unixepoch() * 1000);
UPDATE booking_types SET slug = CASE id WHEN 1 THEN 'consultation' WHEN 2 THEN 'intro' ELSE 'session' END
  WHERE id IN (1, 2, 3) AND public_id IN ('bt-63bb1a53', 'bt-1a2b3c4d', 'bt-5ca1ab1e') AND slug IS NULL;

-- The consultation asks two questions (design.md "Metadata and answers"), both optional so a visitor
-- who gives only a name and an e-mail still books; a type that was given others keeps them.
UPDATE booking_types SET questions = '[{"id":"company","label":"Company","type":"text","required":false},{"id":"topic","label":"What would you like to discuss?","type":"select","required":false,"options":["Pricing","Integration","Something else"]}]'
  WHERE id = 1 AND public_id = 'bt-63bb1a53' AND questions = '[]';

-- Monday (1) to Friday (5): hepuloujun 09:00–17:00 London, marta 10:00–18:00 São Paulo.
INSERT OR IGNORE INTO weekly_hours (user_id, weekday, start_minute, end_minute) VALUES
  (1, 1, 540, 1020), (1, 2, 540, 1020), (1, 3, 540, 1020), (1, 4, 540, 1020), (1, 5, 540, 1020),
  (2, 1, 600, 1080), (2, 2, 600, 1080), (2, 3, 600, 1080), (2, 4, 600, 1080), (2, 5, 600, 1080);
