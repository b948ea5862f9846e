/** What ending an Azure grant early does at once, and what it cannot cut short (access tokens already issued live about 60–75 minutes). */
export const AZURE_REVOKE_LIMIT =
  "Azure: a revoke ends the assignment at once (a PIM request still provisioning is cancelled), but access tokens issued before it stay valid for about 60–75 minutes; revoke the person's sessions in Entra ID to cut those off.";
