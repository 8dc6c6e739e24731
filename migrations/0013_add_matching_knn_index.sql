-- Matching walks verified donors nearest first instead of reading every donor inside a box:
-- GiST indexes on a flat-map point (longitude scaled by cos(latitude), about 111 km per unit
-- across India) serve `order by … <-> point` (k-nearest-neighbour). One partial index per blood
-- group, so that a walk for a rare group (B−, 1 donor in 80) never steps over the common ones.
-- src/matching/matching.queries.ts uses the same expression and one branch per group.
drop index donors_matching_geo_idx;
create index donors_matching_knn_a_pos_idx on donors using gist (point(longitude * cos(radians(latitude)), latitude))
  where status = 'verified' and latitude is not null and blood_group = 'A+';
create index donors_matching_knn_a_neg_idx on donors using gist (point(longitude * cos(radians(latitude)), latitude))
  where status = 'verified' and latitude is not null and blood_group = 'A-';
create index donors_matching_knn_b_pos_idx on donors using gist (point(longitude * cos(radians(latitude)), latitude))
  where status = 'verified' and latitude is not null and blood_group = 'B+';
create index donors_matching_knn_b_neg_idx on donors using gist (point(longitude * cos(radians(latitude)), latitude))
  where status = 'verified' and latitude is not null and blood_group = 'B-';
create index donors_matching_knn_ab_pos_idx on donors using gist (point(longitude * cos(radians(latitude)), latitude))
  where status = 'verified' and latitude is not null and blood_group = 'AB+';
create index donors_matching_knn_ab_neg_idx on donors using gist (point(longitude * cos(radians(latitude)), latitude))
  where status = 'verified' and latitude is not null and blood_group = 'AB-';
create index donors_matching_knn_o_pos_idx on donors using gist (point(longitude * cos(radians(latitude)), latitude))
  where status = 'verified' and latitude is not null and blood_group = 'O+';
create index donors_matching_knn_o_neg_idx on donors using gist (point(longitude * cos(radians(latitude)), latitude))
  where status = 'verified' and latitude is not null and blood_group = 'O-';
-- Same-district donors whose PIN code has no coordinates (the fallback branch of matching).
create index donors_matching_no_coordinates_idx on donors (district_id, blood_group)
  where status = 'verified' and latitude is null;
