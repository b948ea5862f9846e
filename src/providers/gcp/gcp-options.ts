/** What a GCP grant carries beyond the common fields: nothing; IAM conditions need no more. */
export interface GcpGrantOptions {
  provider: "gcp";
}
