/** The access repo's configuration and requests after parsing and normalising. */
import type { ProviderName } from "../core/grant.js";
import type { Locate } from "./yaml-source.js";

import type { AzureMode, AzurePrincipalType } from "../providers/provider-options.js";

export type { AzureMode, AzurePrincipalType } from "../providers/provider-options.js";

/** Approvals a rule needs on top of CODEOWNERS: `min` distinct approvers among these users and active team members. */
export interface ApproverRequirement {
  rule: string;
  users: string[];
  teams: string[];
  min: number;
}

export interface Rule {
  name: string;
  description?: string;
  /** Where the rule's name is written, for messages that point an admin at it. */
  file: string;
  line: number;
  column: number;
  paths: string[];
  provider: ProviderName;
  scopes: string[];
  roles: string[];
  requesters: { users: string[]; teams: string[] };
  approvers: ApproverRequirement | null;
  maxDurationMs: number;
  defaultDurationMs?: number;
  ticketPattern?: string;
  reasonMinLength: number;
  onBehalfOf: boolean;
  /** With onBehalfOf: the identity names allowed; undefined means any. */
  principals?: string[];
  /** Azure only; "pim" when the rule does not say. */
  azureMode?: AzureMode;
}

export interface Identity {
  name: string;
  gcp?: string;
  azure?: { objectId: string; type: AzurePrincipalType };
}

export interface AccessConfig {
  /** In file order (files sorted by path), then rule order. */
  rules: Rule[];
  /** GitHub logins, keyed lower-cased: logins are case-insensitive. */
  identities: Map<string, Identity>;
  /** Principals a rule may let people request on behalf of (`principal:`), keyed lower-cased; never looked up by login. */
  serviceIdentities: Map<string, Identity>;
}

export interface RequestedGrant {
  provider: ProviderName;
  scope: string;
  role: string;
}

export interface AccessRequest {
  path: string;
  reason: string;
  ticket?: string;
  /** Undefined when the request leaves it to the rule's default_duration. */
  durationMs?: number;
  start?: Date;
  principal?: string;
  grants: RequestedGrant[];
  /** Finds where a field was written, e.g. locate(["grants", 1, "role"]). */
  locate: Locate;
  /**
   * Only on a request read in spite of problems, to find every other problem
   * in one run: the fields and grants already refused, whose checks are skipped.
   * Such a request is never granted.
   */
  refused?: RefusedParts;
}

/** The request fields a check may read. */
export type RequestField = "reason" | "ticket" | "duration" | "start" | "principal";

export interface RefusedParts {
  fields: ReadonlySet<RequestField>;
  /** Indexes into `grants`; the entries there are placeholders. */
  grants: ReadonlySet<number>;
}
