-- A soft claim: "this volunteer is calling this person now", so two constables do not call
-- the same family at once. It expires on its own; it never blocks verification.
alter table donors
  add column claimed_by integer references volunteers (id) on delete set null,
  add column claimed_until timestamptz,
  add constraint donors_claim_complete check ((claimed_by is null) = (claimed_until is null));

alter table blood_requests
  add column claimed_by integer references volunteers (id) on delete set null,
  add column claimed_until timestamptz,
  add constraint blood_requests_claim_complete check ((claimed_by is null) = (claimed_until is null));
