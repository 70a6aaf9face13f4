/**
 * Where "now" comes from. The host's Durable Object reads time only through a Clock, so tests can
 * freeze it (notice, booking window, the config refresh) while driving the real Worker over HTTP.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
