/**
 * The manage page's state: the booking its link names (read with the token from the link's
 * fragment), the step the attendee is on (the booking, "cancel it?", a new time, "move it?"), and
 * the calendar they pick a new time in, which is the widget's own (settings and calendar models)
 * asked for the booking's host, type and length. What the booking and its buttons need is here, in
 * /manage.js; the steps after a press (the calendar, the two confirmations and sending them) are the
 * steps' chunk (manage-steps.ts), made for this page once it is in and Cancel or Reschedule is pressed.
 */
import { batch, computed, type ReadonlySignal, signal } from "@preact/signals-core";
import type { Slot } from "../../worker/domain/contract";
import type { ManageMessages } from "../../worker/locales/messages";
import { createSettingsModel } from "../settings-model";
import { isRefusal, type ManageApi } from "./manage-api";
import type { Loaded, ManageState, ManageStep, ManageSteps, ManageStepsCode } from "./manage-state";
import { manageStrings } from "./manage-strings";

export type ManageModel = ReturnType<typeof createManageModel>;

const ignore = () => {};

/** `loadSteps` fetches the steps' chunk (steps-loader.ts; the tests give their own). */
export function createManageModel(
  api: ManageApi,
  link: { origin: string; bookingId: string; token: string | null },
  onMoved: (bookingId: string) => void,
  loadSteps: () => Promise<ManageStepsCode>,
) {
  const settings = createSettingsModel(api, ignore, (language) => manageStrings(language).value);
  const token = link.token;
  /** The page's strings, in the language the widget's settings chose (the browser's); null while its chunk is on its way. */
  const strings = computed(() => manageStrings(settings.language.value).value);

  const bookingId = signal(link.bookingId);
  const loaded = signal<Loaded>({ state: "loading" });
  const booking = computed(() => (loaded.value.state === "ready" ? loaded.value.booking : null));
  const step = signal<ManageStep>("view");
  const slot = signal<Slot | null>(null);
  const isSending = signal(false);
  const status = signal("");
  const alert = signal("");
  const isFocusingTimes = signal(false);
  /** True once the attendee has changed something here: the booking's heading then takes the focus when shown again. */
  const hasChanged = signal(false);
  /** True once the API said the meeting has begun: the attendee can no longer change it, so the page stops offering to. */
  const hasStarted = signal(false);
  const manageUrl = computed(() => `${link.origin}/manage/${bookingId.value}#${token ?? ""}`);
  /** The steps' code, made for this page: null until Cancel or Reschedule first needs it. */
  const steps = signal<ManageSteps | null>(null);

  async function load(id: string) {
    if (!token) {
      loaded.value = { state: "invalid" };
      return;
    }
    // A reload after a change keeps showing the booking until the answer is in.
    if (loaded.peek().state !== "ready") loaded.value = { state: "loading" };
    const ask = () => api.booking(id, token);
    const first = await ask();
    // Retried like the widget's calls, with the policy of the steps' chunk: most loads never fail, so
    // it is fetched after a failure if it is not in yet. Without it (the network is down), the first
    // failure stands, with Try again.
    const code = first.ok ? null : await loadSteps().catch(() => null);
    const result = code ? await code.withRetries(ask, code.retryStatus(state), first) : first;
    if (bookingId.peek() !== id) return;
    if (!result.ok) {
      loaded.value = isRefusal(result.failure) ? { state: "invalid" } : { state: "failed", failure: result.failure };
      return;
    }
    const found = result.value;
    batch(() => {
      loaded.value = { state: "ready", booking: found };
      // The widget's settings, as if its attributes named this booking's host, type and length.
      settings.setAttribute("username", found.userId);
      settings.setAttribute("booking-type", found.bookingType.id);
      settings.setAttribute("duration", String((Date.parse(found.endUtc) - Date.parse(found.startUtc)) / 60_000));
    });
  }

  const state: ManageState = {
    api,
    settings,
    token,
    strings: () => strings.peek() as ManageMessages,
    bookingId,
    loaded,
    step,
    slot,
    isSending,
    status,
    alert,
    isFocusingTimes,
    hasChanged,
    hasStarted,
    load,
    onMoved,
  };

  /** The step the attendee last asked for while the steps' code was on its way. */
  let wanted: "cancel" | "pick" | null = null;

  /** Cancel's or Reschedule's step, once the steps' code is in (fetched now unless the idle fetch has it); until then the booking stays. */
  function open(next: "cancel" | "pick") {
    wanted = next;
    batch(() => {
      alert.value = "";
      status.value = "";
    });
    loadSteps().then(
      (code) => {
        // The last press wins, and only from the booking (not after the attendee moved on).
        if (wanted !== next || step.peek() !== "view") return;
        const made = steps.peek() ?? code.createManageSteps(state);
        batch(() => {
          steps.value = made;
          step.value = next;
          if (next === "pick") made.calendar.start();
        });
      },
      // The code could not be fetched: say so; pressing again asks again.
      () => (alert.value = state.strings().networkError),
    );
  }

  return {
    locale: settings.locale,
    language: settings.language,
    strings,
    timeZone: settings.timeZone,
    selectedSlot: slot as ReadonlySignal<Slot | null>,
    steps: steps as ReadonlySignal<ManageSteps | null>,

    loaded: loaded as ReadonlySignal<Loaded>,
    booking,
    /** The type's details (the host's name and zone); null if they cannot be had (the type was archived). */
    bookingType: settings.bookingType,
    step: step as ReadonlySignal<ManageStep>,
    isSending: isSending as ReadonlySignal<boolean>,
    status: status as ReadonlySignal<string>,
    alert: alert as ReadonlySignal<string>,
    hasChanged: hasChanged as ReadonlySignal<boolean>,
    hasStarted: hasStarted as ReadonlySignal<boolean>,
    manageUrl,
    /** The manage link of another booking of the chain (the one this one was moved to). */
    manageUrlOf: (id: string) => `${link.origin}/manage/${id}#${token ?? ""}`,

    start() {
      void load(bookingId.peek());
    },

    retry() {
      void load(bookingId.peek());
    },

    askCancel: () => open("cancel"),
    startReschedule: () => open("pick"),

    /** Back to the booking from any step. */
    keep() {
      batch(() => {
        step.value = "view";
        slot.value = null;
        alert.value = "";
      });
    },
  };
}
