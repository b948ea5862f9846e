import { describe, expect, it } from "vitest";
import { DeliveryLru } from "../../src/lifecycle/delivery-lru.js";

describe("DeliveryLru", () => {
  it("handles a delivery once, and a redelivery of it not again", async () => {
    const deliveries = new DeliveryLru();
    let runs = 0;
    await deliveries.once("d-1", async () => void runs++);
    await deliveries.once("d-1", async () => void runs++);
    expect(runs).toBe(1);
  });

  it("handles a redelivery again when the first attempt failed", async () => {
    const deliveries = new DeliveryLru();
    await expect(deliveries.once("d-1", async () => Promise.reject(new Error("GitHub answered 502")))).rejects.toThrow("GitHub answered 502");
    let runs = 0;
    await deliveries.once("d-1", async () => void runs++);
    expect(runs).toBe(1);
  });

  it("forgets the oldest delivery past its size", async () => {
    const deliveries = new DeliveryLru(2);
    for (const id of ["a", "b", "c"]) deliveries.remember(id);
    expect(["a", "b", "c"].map((id) => deliveries.handled(id))).toEqual([false, true, true]);
  });
});
