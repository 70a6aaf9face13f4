import { describe, expect, it } from "vitest";
import type { ApiFailure, ApiResult } from "../api";
import { createChangeSender } from "./change-sender";

const failure = (status: number, code: ApiFailure["code"]): ApiResult<never> => ({ ok: false, failure: { status, code, message: code } });
const noWait = { sleep: async () => {} };

describe("the key a cancel or a move is sent with", () => {
  it("keeps one key across automatic retries and a second press after a 500, and takes a new one after a definite answer", async () => {
    const send = createChangeSender();
    const keys: string[] = [];
    const answers: ApiResult<{ status: string }>[] = [
      failure(503, "INTERNAL"),
      failure(500, "INTERNAL"),
      { ok: true, value: { status: "cancelled" } },
      failure(409, "SLOT_NOT_AVAILABLE"),
    ];
    const call = async (key: string) => {
      keys.push(key);
      return answers.shift()!;
    };
    expect((await send("cancel", call, noWait)).ok).toBe(false); // 503 retried, then a 500: not retried
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect((await send("cancel", call, noWait)).ok).toBe(true); // pressed again: the same key
    expect(keys[2]).toBe(keys[0]);
    await send("cancel", call, noWait); // after a 2xx, a new attempt
    expect(keys[3]).not.toBe(keys[0]);
  });

  it("takes a new key for another change, even while one is unfinished", async () => {
    const send = createChangeSender();
    const keys: string[] = [];
    const call = async (key: string) => {
      keys.push(key);
      return failure(500, "INTERNAL");
    };
    await send(JSON.stringify({ move: "09:00" }), call, noWait);
    await send(JSON.stringify({ move: "10:00" }), call, noWait);
    expect(keys[1]).not.toBe(keys[0]);
  });
});
