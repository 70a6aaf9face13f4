import { describe, expect, it } from "vitest";
import { ApiError } from "../domain/errors";
import { clientAddress, rateLimitAddress, requireClientAddress } from "./client-ip";

describe("the address a client is rate-limited under", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(rateLimitAddress("198.51.100.7")).toBe("198.51.100.7");
    expect(rateLimitAddress(" 203.0.113.255 ")).toBe("203.0.113.255");
    expect(rateLimitAddress("0.0.0.0")).toBe("0.0.0.0");
  });

  it("counts an IPv6 client by its /64, however the address is spelt", () => {
    const spellings = [
      "2001:db8:85a3:8d3:1319:8a2e:370:7348",
      "2001:0DB8:85A3:08D3:1319:8A2E:0370:7348",
      "2001:db8:85a3:8d3::1",
      "2001:db8:85a3:8d3::",
      "2001:db8:85a3:8d3:ffff:ffff:ffff:ffff",
      "2001:db8:85a3:8d3:0:0:192.0.2.1",
      "2001:db8:85a3:8d3::192.0.2.1",
    ];
    for (const address of spellings) expect(rateLimitAddress(address), address).toBe("2001:db8:85a3:8d3::/64");
  });

  it("expands :: wherever it stands before taking the first four groups", () => {
    expect(rateLimitAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(rateLimitAddress("2001:db8::1:2:3:4")).toBe("2001:db8:0:0::/64");
    expect(rateLimitAddress("2001:db8:0:1::")).toBe("2001:db8:0:1::/64");
    expect(rateLimitAddress("2001::1:2:3:4:5")).toBe("2001:0:0:1::/64");
    expect(rateLimitAddress("1:2:3:4:5:6:7::")).toBe("1:2:3:4::/64");
    expect(rateLimitAddress("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitAddress("::")).toBe("0:0:0:0::/64");
  });

  it("tells apart IPv6 clients in different /64s", () => {
    expect(rateLimitAddress("2001:db8:0:1::1")).not.toBe(rateLimitAddress("2001:db8:0:2::1"));
    expect(rateLimitAddress("2001:db8:0:1::1")).not.toBe(rateLimitAddress("2001:db9:0:1::1"));
  });

  it("counts an IPv4-mapped IPv6 address as the IPv4 client it carries", () => {
    expect(rateLimitAddress("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(rateLimitAddress("::FFFF:198.51.100.7")).toBe("198.51.100.7");
    expect(rateLimitAddress("0:0:0:0:0:ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(rateLimitAddress("::ffff:c633:6407")).toBe("198.51.100.7");
  });

  it("ignores an IPv6 zone, which names the local interface, not the client", () => {
    expect(rateLimitAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("refuses what is not an IP address", () => {
    for (const value of [
      "",
      "   ",
      "unknown",
      "256.1.1.1",
      "1.2.3",
      "1.2.3.4.5",
      "1.2.3.4:8080",
      "[2001:db8::1]",
      "2001:db8::1::2",
      "2001:db8:0:0:0:0:0:0:1",
      "2001:db8:0:0:0:0:1",
      "1:2:3:4:5:6:7:8::",
      "2001:db8::12345",
      "2001:db8::g",
      ":1:2:3:4:5:6:7",
      "1.2.3.4::",
      "::1.2.3.4:5",
      "::ffff:300.1.1.1",
      "198.51.100.7, 203.0.113.1",
      `2001:db8::${"0:".repeat(30)}1`,
    ]) {
      expect(rateLimitAddress(value), JSON.stringify(value)).toBeNull();
    }
  });
});

describe("the client address of a request", () => {
  it("comes from CF-Connecting-IP only, never from headers the client writes", () => {
    expect(clientAddress(new Headers({ "CF-Connecting-IP": "2001:db8:1:2::3" }))).toBe("2001:db8:1:2::/64");
    expect(clientAddress(new Headers({ "X-Real-IP": "198.51.100.7", "X-Forwarded-For": "198.51.100.7" }))).toBeNull();
  });

  it("is a 400 INVALID_REQUEST for an API call when CF-Connecting-IP is missing or malformed", () => {
    for (const headers of [new Headers(), new Headers({ "CF-Connecting-IP": "" }), new Headers({ "CF-Connecting-IP": "unknown" })]) {
      let thrown: unknown;
      try {
        requireClientAddress(headers);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ApiError);
      expect(thrown).toMatchObject({ code: "INVALID_REQUEST", status: 400 });
    }
    expect(requireClientAddress(new Headers({ "CF-Connecting-IP": "::ffff:192.0.2.1" }))).toBe("192.0.2.1");
  });
});
