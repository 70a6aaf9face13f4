/** Arabic (Modern Standard Arabic): the manage page's own text. */

import type { enManage } from "../en/manage";
import type { Shape } from "../messages";

export const arManage: Shape<typeof enManage> = {
  loadingBooking: "جارٍ تحميل حجزك…",
  titleWithHost: "{title} مع {host}",
  bookedFor: "محجوز باسم",
  nameAndEmail: "{name} ({email})",
  hasStarted: "بدأ موعد هذا الحجز، لذا لم يعد من الممكن تغييره هنا.",
  reschedule: "تغيير الموعد",
  cancelBooking: "إلغاء الحجز",
  cancelQuestion: "هل تريد إلغاء هذا الحجز؟",
  cancelExplained: "سيعود هذا الوقت متاحًا في تقويم المضيف. لا يمكن التراجع عن هذا الإجراء.",
  keepBooking: "الإبقاء على الحجز",
  confirmCancel: "نعم، إلغاء الحجز",
  moveQuestion: "هل تريد نقل حجزك إلى هذا الموعد؟",
  confirmMove: "تأكيد الموعد الجديد",
  pickNewTime: "اختر موعدًا جديدًا",
  backToBooking: "العودة إلى حجزك",
  movedHeading: "نُقل هذا الحجز",
  cancelledHeading: "أُلغي هذا الحجز",
  movedText: "نُقل موعد «{title}» يوم {when} ({zone}) إلى وقت آخر.",
  cancelledText: "أُلغي موعد «{title}» يوم {when} ({zone}).",
  seeNewTime: "عرض حجزك في موعده الجديد",
  bookNewTime: "حجز موعد جديد",
  invalidLinkHeading: "هذا الرابط لا يعمل",
  invalidLinkText: "افتح الرابط الوارد في تأكيد حجزك كما وصلك تمامًا، بما في ذلك كل ما يلي علامة «#». وإذا ظل لا يعمل، فتواصل مع الشخص الذي حجزت معه.",
  cancelling: "جارٍ الإلغاء…",
  cancelled: "أُلغي حجزك.",
  moving: "جارٍ نقل حجزك…",
  moved: "نُقل حجزك إلى الموعد الجديد.",
  alreadyStarted: "بدأ موعد هذا الحجز بالفعل، لذا لم يعد من الممكن تغييره.",
  changedMeanwhile: "تغيّر هذا الحجز في هذه الأثناء، وهو معروض هنا بحالته الحالية.",
};
