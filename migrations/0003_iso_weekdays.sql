-- Weekly hours move to ISO weekdays (1 = Monday … 7 = Sunday), the one numbering that the engine,
-- the widget and the tests share (worker/domain/calendar-days.ts). Sunday was 0.
UPDATE `weekly_hours` SET `weekday` = 7 WHERE `weekday` = 0;
