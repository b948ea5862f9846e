// A test that fails under shuffled webhook delivery says how to replay it.
import { afterEach } from "vitest";
import { SEED_VARIABLE, seedsOfThisTest } from "./helpers/delivery-seed.js";

afterEach((context) => {
  const seeds = seedsOfThisTest();
  if (context.task.result?.state !== "fail" || seeds.length === 0) return;
  process.stderr.write(`\n"${context.task.name}" failed under shuffled webhook delivery; replay with ${seeds.map((s) => `${SEED_VARIABLE}=${s}`).join(" or ")}\n`);
});
