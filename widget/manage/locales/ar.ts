/** Arabic for the manage page, the widget's strings and its own: one chunk of /manage.js (manage-strings.ts). */
import { arManage } from "../../../worker/locales/ar/manage";
import ar from "../../../worker/locales/ar/widget";
import type { ManageMessages } from "../../../worker/locales/messages";

const arPage: ManageMessages = { ...ar, ...arManage };
export default arPage;
