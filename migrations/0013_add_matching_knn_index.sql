-- Matching walks verified donors nearest first instead of reading every donor inside a box:
-- a GiST index on a flat-map point (longitude scaled by cos(latitude), about 111 km per unit
-- across India) serves `order by … <-> point` (k-nearest-neighbour) and `<@ box`.
-- src/matching/matching.queries.ts uses the same expression.
drop index donors_matching_geo_idx;
create index donors_matching_knn_idx on donors
  using gist (point(longitude * cos(radians(latitude)), latitude))
  where status = 'verified' and latitude is not null;
