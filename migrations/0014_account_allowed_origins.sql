-- Origins an account lists for itself (design-calendars.md "Consistency with changes": a calendar
-- connection's returnUrl must be on an origin the account allows, its embed origins or one listed for
-- the account). A JSON array of origins as browsers send them, or NULL. Set with `npm run account -- origins`.
ALTER TABLE `accounts` ADD `allowed_origins` text;
