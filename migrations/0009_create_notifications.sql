-- Outbox of messages to donors and families (SMS, WhatsApp, e-mail). Web requests only insert
-- rows here inside their own transaction; the worker delivers them later with retries, so a
-- slow or broken gateway never blocks or fails a page.
create table notifications (
  id bigint generated always as identity primary key,
  channel text not null check (channel in ('sms', 'whatsapp', 'email')),
  recipient text not null check (char_length(recipient) between 3 and 254),
  template text not null check (template ~ '^[a-z][a-z_]{1,49}$'),
  language text not null check (language in ('hi', 'en')),
  payload jsonb not null default '{}' check (jsonb_typeof(payload) = 'object'),
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  -- While a worker holds a row it is 'sending' until this time; after that another may retry it.
  locked_until timestamptz,
  last_error text check (last_error is null or char_length(last_error) <= 500),
  -- Links for erasure and for the record pages; never needed for delivery.
  donor_id bigint references donors (id) on delete set null,
  request_id bigint references blood_requests (id) on delete set null,
  -- Messages that must go once only (an eligibility reminder for a given date) carry a key.
  dedupe_key text check (dedupe_key is null or char_length(dedupe_key) <= 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint notifications_dedupe_key_key unique (dedupe_key),
  constraint notifications_sent_has_time check (status <> 'sent' or sent_at is not null)
);

-- The worker's "what is due" scan.
create index notifications_due_idx on notifications (next_attempt_at) where status in ('pending', 'sending');
create index notifications_by_donor_idx on notifications (donor_id) where donor_id is not null;
create index notifications_by_request_idx on notifications (request_id) where request_id is not null;
