import { verify } from "node:crypto";
import type { Actor, Hub } from "./hub.js";
import { HttpError } from "./http-kit.js";

function base64url(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/**
 * An app JWT (RS256, `iss` = app id) signed with the app's private key.
 * Expiry is checked against wall time because the app signs with its own
 * wall clock, whatever the emulator's clock says.
 */
function verifyAppJwt(hub: Hub, jwt: string): boolean {
  const [header, payload, signature] = jwt.split(".");
  if (!header || !payload || !signature) return false;
  try {
    const head = JSON.parse(base64url(header).toString("utf8")) as { alg?: string };
    if (head.alg !== "RS256") return false;
    const ok = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), hub.app.publicKey, base64url(signature));
    if (!ok) return false;
    const claims = JSON.parse(base64url(payload).toString("utf8")) as { iss?: string | number; exp?: number };
    if (String(claims.iss) !== String(hub.app.appId)) return false;
    return typeof claims.exp === "number" && claims.exp * 1000 > Date.now();
  } catch {
    return false;
  }
}

/** Who is calling: a user token, an installation token, the app's JWT, or nobody. */
export function authenticate(hub: Hub, header: string | undefined): Actor {
  if (!header) return { kind: "anonymous" };
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
  if (!match?.[1]) throw new HttpError(401, "Bad credentials");
  const credential = match[1];
  for (const user of hub.users.values()) {
    if (user.token === credential) return { kind: "user", login: user.login };
  }
  const expires = hub.installationTokens.get(credential);
  if (expires !== undefined) {
    // Installation tokens expire an hour after they are made (apps/create-installation-access-token: `expires_at`).
    if (expires <= hub.clock.now().getTime()) throw new HttpError(401, "Bad credentials");
    return { kind: "installation", login: hub.botLogin, installationId: hub.tokenInstallation.get(credential) ?? hub.app.installationId, appId: hub.app.appId };
  }
  const other = hub.otherApps.get(credential);
  if (other) return { kind: "installation", login: `${other.slug}[bot]`, installationId: other.installationId, appId: other.appId };
  if (credential.split(".").length === 3) {
    if (verifyAppJwt(hub, credential)) return { kind: "app" };
    throw new HttpError(401, "A JSON web token could not be decoded");
  }
  throw new HttpError(401, "Bad credentials");
}

export function requireApp(actor: Actor): void {
  if (actor.kind !== "app") {
    throw new HttpError(401, "A JSON web token could not be decoded");
  }
}
