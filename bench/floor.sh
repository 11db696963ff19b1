#!/usr/bin/env bash
# Issue 19's figures from one run on one machine: seeds both bench databases afresh, then the
# pages beside the signed-in bare view (programme and demo size: same query counts) and
# compute_results beside one SQL aggregate. `make loadtest` (the deadline rush) is run after
# it, on its own PostgreSQL and Redis. Needs the shared PostgreSQL on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
PG=postgres://postgres@127.0.0.1:5432
for db in vda_bench_scale vda_bench_demo; do
  dropdb -h 127.0.0.1 -U postgres --if-exists "$db"
  createdb -h 127.0.0.1 -U postgres "$db"
done
export DATABASE_URL=$PG/vda_bench_scale
.venv/bin/python bench/seed_scale.py
DATABASE_URL=$PG/vda_bench_demo .venv/bin/python bench/seed_scale.py --scale demo
.venv/bin/python bench/pages.py sequential --demo-database-url $PG/vda_bench_demo "$@"
.venv/bin/python bench/results_bench.py --repeat 7
