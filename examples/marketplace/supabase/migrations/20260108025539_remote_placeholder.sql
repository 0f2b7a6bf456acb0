-- Remote-only ad-hoc migration (timestamp only)
-- This migration represents changes made directly to production database
-- Content migrated from: docs/ops/reconcile/DRIFT_RECONCILIATION_REPORT.md

-- No-op for alignment - actual schema state already exists on remote
SELECT 1;
