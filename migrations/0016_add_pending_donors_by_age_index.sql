-- The verification queue lists the longest-waiting donors first. For an admin (every district) or a
-- volunteer with a whole state, finding them through the per-district index meant reading every
-- pending donor in scope and sorting (100,000 rows, 370 ms on the national dataset); walking this
-- index in order stops after a page.
create index donors_pending_by_age_idx on donors (created_at, id) where status = 'pending_verification';
