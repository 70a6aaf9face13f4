/** Arabic (Modern Standard Arabic; all six plural forms): the Worker's server-rendered pages. */
import type { PageMessages } from "../messages";

export const arPages: PageMessages = {
  bookingTitle: "{title} مع {host} · Bookora",
  bookMeeting: "احجز موعدًا",
  bookingHeading: "{title} مع {host}",
  bookingNoScript: "يتطلّب الحجز تفعيل JavaScript. يُرجى تفعيله ثم إعادة تحميل هذه الصفحة.",
  footer: "جدولة المواعيد عبر {link}",
  notFoundTitle: "صفحة الحجز غير موجودة · Bookora",
  notFoundHeading: "صفحة الحجز غير موجودة",
  notFoundText: "لا توجد صفحة حجز على هذا العنوان. تحقّق من الرابط الذي وصلك، أو اطلب رابطًا جديدًا من الشخص الذي تريد مقابلته.",
  goToBookora: "الانتقال إلى Bookora",
  tooManyTitle: "طلبات كثيرة جدًا · Bookora",
  tooManyHeading: "طلبات كثيرة جدًا",
  tooManyText: {
    zero: "تلقّت Bookora طلبات كثيرة جدًا من شبكتك خلال الدقيقة الماضية. يُرجى إعادة تحميل هذه الصفحة الآن.",
    one: "تلقّت Bookora طلبات كثيرة جدًا من شبكتك خلال الدقيقة الماضية. يُرجى الانتظار ثانية واحدة ثم إعادة تحميل هذه الصفحة.",
    two: "تلقّت Bookora طلبات كثيرة جدًا من شبكتك خلال الدقيقة الماضية. يُرجى الانتظار ثانيتين ثم إعادة تحميل هذه الصفحة.",
    few: "تلقّت Bookora طلبات كثيرة جدًا من شبكتك خلال الدقيقة الماضية. يُرجى الانتظار {count} ثوانٍ ثم إعادة تحميل هذه الصفحة.",
    many: "تلقّت Bookora طلبات كثيرة جدًا من شبكتك خلال الدقيقة الماضية. يُرجى الانتظار {count} ثانية ثم إعادة تحميل هذه الصفحة.",
    other: "تلقّت Bookora طلبات كثيرة جدًا من شبكتك خلال الدقيقة الماضية. يُرجى الانتظار {count} ثانية ثم إعادة تحميل هذه الصفحة.",
  },
  badRequestTitle: "طلب غير صالح · Bookora",
  badRequestHeading: "طلب غير صالح",
  badRequestText: "لم يصل هذا الطلب عبر شبكة Bookora، لذا لا يمكن تلبيته.",
  manageTitle: "حجزك · Bookora",
  manageEyebrow: "حجزك",
  manageHeading: "إدارة حجزك",
  manageNoScript: "تتطلّب إدارة الحجز تفعيل JavaScript. يُرجى تفعيله ثم إعادة تحميل هذه الصفحة.",
};
