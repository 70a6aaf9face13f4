/**
 * English's strings for the later steps, added to English's table (in /widget.js) when this
 * module runs, which is when the steps' chunk arrives: before any of those steps renders or sends
 * (locale-tables.ts). Other languages' chunks hold all of theirs. Imported for this effect by the
 * modules of the chunk that read those strings.
 */
import { enSteps } from "../worker/locales/en/steps";
import { en } from "../worker/locales/en/widget";

Object.assign(en, enSteps);
