/** French for the manage page, the widget's strings and its own: one chunk of /manage.js (manage-strings.ts). */
import { frManage } from "../../../worker/locales/fr/manage";
import fr from "../../../worker/locales/fr/widget";
import type { ManageMessages } from "../../../worker/locales/messages";

const frPage: ManageMessages = { ...fr, ...frManage };
export default frPage;
