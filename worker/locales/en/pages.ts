/**
 * English, the reference table: the Worker's server-rendered pages (hosted booking page, manage
 * page, error pages), in the language of the request's Accept-Language. `{link}` marks where a
 * page puts a link whose text is another key.
 */
export const enPages = {
  bookingTitle: "{title} with {host} · Bookora",
  bookMeeting: "Book a meeting",
  bookingHeading: "{title} with {host}",
  bookingNoScript: "Booking needs JavaScript. Please enable it and reload this page.",
  footer: "Scheduling by {link}",
  notFoundTitle: "Booking page not found · Bookora",
  notFoundHeading: "Booking page not found",
  notFoundText: "There is no booking page at this address. Check the link you were given, or ask the person you want to meet for a new one.",
  goToBookora: "Go to Bookora",
  tooManyTitle: "Too many requests · Bookora",
  tooManyHeading: "Too many requests",
  tooManyText: {
    one: "Bookora has had too many requests from your network in the last minute. Please wait {count} second, then reload this page.",
    other: "Bookora has had too many requests from your network in the last minute. Please wait {count} seconds, then reload this page.",
  },
  badRequestTitle: "Bad request · Bookora",
  badRequestHeading: "Bad request",
  badRequestText: "This request did not come through Bookora's network, so it cannot be served.",
  manageTitle: "Your booking · Bookora",
  manageEyebrow: "Your booking",
  manageHeading: "Manage your booking",
  manageNoScript: "Managing a booking needs JavaScript. Please enable it and reload this page.",
};
