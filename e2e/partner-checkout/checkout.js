// A partner's checkout page, the browser's part (served as /checkout.js by e2e/partner-site.ts).
// The widget, with confirm="external", holds the visitor's time and hands it over in
// bookora:slot-held; this page takes the payment, its server books the hold (pay.ts), and the
// widget is told with complete(bookingId), which shows its usual confirmation.
const widget = document.getElementById("booking");
const payment = document.getElementById("payment");
const summary = document.getElementById("payment-summary");
const payButton = document.getElementById("pay");
const paymentStatus = document.getElementById("payment-status");

/** The hold and the visitor's details, as the widget handed them over. */
let held = null;

widget.addEventListener("bookora:slot-held", (event) => {
  held = event.detail;
  const start = new Date(held.start).toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" });
  const until = new Date(held.expiresAt).toLocaleTimeString(undefined, { timeStyle: "short" });
  summary.textContent = `An intro call on ${start} for ${held.name}, held for you until ${until}.`;
  paymentStatus.textContent = "";
  payment.hidden = false;
});

payButton.addEventListener("click", async () => {
  if (!held) return;
  payButton.setAttribute("aria-disabled", "true");
  paymentStatus.textContent = "Paying…";
  // Our own server takes the payment and books the hold with its service token: the browser never
  // holds a token, and the booking is made only once the payment went through.
  const response = await fetch("/checkout/pay", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(held) });
  const answer = await response.json();
  payButton.removeAttribute("aria-disabled");
  if (!response.ok) {
    paymentStatus.textContent = `The booking failed (${answer.code}); your payment was refunded.`;
    return;
  }
  held = null;
  payment.hidden = true;
  paymentStatus.textContent = "Paid.";
  widget.complete(answer.bookingId);
});
