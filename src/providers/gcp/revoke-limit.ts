/** What ending a GCP grant early does at once, and what it cannot cut short (IAM applies changes in about 2 minutes, sometimes 7 or more). */
export const GCP_REVOKE_LIMIT =
  "GCP: a revoke removes the IAM binding at once, but IAM takes about 2 minutes (sometimes 7 or more) to apply it, so the role can keep working that long.";
