/** German for the manage page, the widget's strings and its own: one chunk of /manage.js (manage-strings.ts). */
import { deManage } from "../../../worker/locales/de/manage";
import de from "../../../worker/locales/de/widget";
import type { ManageMessages } from "../../../worker/locales/messages";

const dePage: ManageMessages = { ...de, ...deManage };
export default dePage;
