/**
 * English's strings for the popup's button and dialog, added to English's table (in /widget.js)
 * when the dialog's chunk arrives, before either renders (like english-steps.ts for the steps).
 * Other languages' chunks hold theirs.
 */
import { enDialog } from "../../worker/locales/en/dialog";
import { en } from "../../worker/locales/en/widget";

Object.assign(en, enDialog);
