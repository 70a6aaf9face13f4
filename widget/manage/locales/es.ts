/** Spanish for the manage page, the widget's strings and its own: one chunk of /manage.js (manage-strings.ts). */
import { esManage } from "../../../worker/locales/es/manage";
import es from "../../../worker/locales/es/widget";
import type { ManageMessages } from "../../../worker/locales/messages";

const esPage: ManageMessages = { ...es, ...esManage };
export default esPage;
