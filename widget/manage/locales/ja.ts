/** Japanese for the manage page, the widget's strings and its own: one chunk of /manage.js (manage-strings.ts). */
import { jaManage } from "../../../worker/locales/ja/manage";
import ja from "../../../worker/locales/ja/widget";
import type { ManageMessages } from "../../../worker/locales/messages";

const jaPage: ManageMessages = { ...ja, ...jaManage };
export default jaPage;
