import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LatestValueChannel } from "./latest-value-channel.js";

describe("LatestValueChannel", () => {
  it("hands a pushed value to a waiting reader", async () => {
    const c = new LatestValueChannel<number>(() => undefined);
    const read = c.next();
    c.push(1);
    assert.deepEqual(await read, { value: 1, done: false });
  });
  it("keeps only the latest unread value", async () => {
    const c = new LatestValueChannel<number>(() => undefined);
    c.push(1);
    c.push(2);
    c.push(3);
    assert.deepEqual(await c.next(), { value: 3, done: false });
  });
  it("delivers the last value, then ends and closes once", async () => {
    let closes = 0;
    const c = new LatestValueChannel<number>(() => closes++);
    c.push(1);
    c.push(2, true);
    c.push(3);
    assert.deepEqual(await c.next(), { value: 2, done: false });
    assert.deepEqual(await c.next(), { value: undefined, done: true });
    assert.deepEqual(await c.next(), { value: undefined, done: true });
    assert.equal(closes, 1);
  });
  it("return() ends a pending read and closes", async () => {
    let closes = 0;
    const c = new LatestValueChannel<number>(() => closes++);
    const read = c.next();
    await c.return();
    assert.deepEqual(await read, { value: undefined, done: true });
    await c.return();
    assert.equal(closes, 1);
    c.push(1);
    assert.deepEqual(await c.next(), { value: undefined, done: true });
  });
});
